/*
 * Exercise 11.2 (moderate): start an application processor the host's
 * way.
 *
 * Firmware starts an AP with INIT and SIPI; a VMM that boots a kernel
 * which expects its APs running (or a sandbox) can skip that and set the
 * AP's state itself, as chapter 11's host does for vCPU 0. An AP that
 * KVM created UNINITIALIZED does not run, whatever its registers say,
 * until its MP state says it may. Start `ap` in real mode at `address`
 * (a multiple of 16 below 1 MiB), as a SIPI would have started it.
 *
 * Hint: two steps, in the AP's own thread (this function runs there):
 * KVM_SET_MP_STATE to KVM_MP_STATE_RUNNABLE, then the registers:
 * chapter 03's real_mode_enter(vcpu, segment, ip, sp) with segment =
 * address >> 4 and IP 0. Return 0, or -1 with errno set.
 *
 * Book: book/11-smp.md, "The idea".
 * Check: make ex EX=11.2
 */
#include <stdint.h>
#include <sys/ioctl.h>

#include "real_mode.h"
#include "vcpu.h"

int start_ap_directly(struct vcpu *ap, uint64_t address)
{
    (void)ap;
    (void)address;
    return 0; /* your code here */
}
