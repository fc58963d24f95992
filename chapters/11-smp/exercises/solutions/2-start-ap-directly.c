/*
 * Exercise 11.2 (moderate): start an application processor the host's
 * way. A reference solution.
 */
#include <stdint.h>
#include <sys/ioctl.h>

#include "real_mode.h"
#include "vcpu.h"

#define STACK_POINTER 0xfff0 /* the top of the segment: it needs none */

int start_ap_directly(struct vcpu *ap, uint64_t address)
{
    struct kvm_mp_state runnable = {.mp_state = KVM_MP_STATE_RUNNABLE};

    if (ioctl(ap->fd, KVM_SET_MP_STATE, &runnable) < 0)
        return -1;
    return real_mode_enter(ap, (uint16_t)(address >> 4), 0, STACK_POINTER);
}
