/*
 * Exercise 03.2 (moderate): a run loop that counts its exits.
 * A reference solution.
 */
#include <errno.h>
#include <stddef.h>
#include <sys/ioctl.h>
#include <linux/kvm.h>

#include "vcpu.h"

long run_counting(struct vcpu *vcpu, unsigned long counts[], size_t reasons)
{
    struct kvm_run *run = vcpu->run;
    long exits = 0;

    for (;;) {
        if (ioctl(vcpu->fd, KVM_RUN, 0) < 0)
            return -1;
        exits++;
        /* KVM may add reasons this array has no room for. */
        if (run->exit_reason < reasons)
            counts[run->exit_reason]++;
        if (run->exit_reason != KVM_EXIT_IO ||
            run->io.direction != KVM_EXIT_IO_OUT)
            return exits; /* a hlt, or an exit we do not handle */
    }
}
