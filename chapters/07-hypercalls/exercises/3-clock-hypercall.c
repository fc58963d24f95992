/*
 * Exercise 07.3 (moderate): a hypercall that answers with the time.
 *
 * Add a call to the ABI of common/hypercall.h: HC_GET_TIME, number 100,
 * no arguments, returns the time in nanoseconds. A test needs a time it
 * can predict, so the clock is fake: `context` points at a uint64_t that
 * holds it. Each call returns the clock's value to the guest and then
 * advances the clock by 1000 (a microsecond).
 *
 * Complete clock_handle(), an io_handler for run_with_handler() (common/
 * run.h): for a hypercall (a 4-byte `out` to HYPERCALL_PORT) whose call
 * number is HC_GET_TIME, give the guest the time as the call's result and
 * return IO_HANDLED. For any other exit, or any other call number, change
 * nothing and return IO_NOT_MINE. Mind that run_with_handler() also hands
 * its handler KVM_EXIT_MMIO exits, whose kvm_run fields are not run->io.
 *
 * Hint: the call number and the result are in the guest's RAX, which you
 * find in vcpu->run->s.regs.regs (run_with_handler() asks KVM to copy the
 * registers there at every exit). Changing a register there does nothing
 * unless you also set KVM_SYNC_X86_REGS in run->kvm_dirty_regs: only then
 * does KVM load them into the vCPU on the next KVM_RUN.
 *
 * Book: book/07-hypercalls.md, "Exercises". Check: make ex EX=07.3
 */
#include <stdint.h>
#include <linux/kvm.h>

#include "hypercall.h"
#include "run.h"

#define HC_GET_TIME 100 /* (): -> the time in nanoseconds */

/* An io_handler: serve HC_GET_TIME from the clock at *(uint64_t *)context,
 * then advance that clock by 1000. IO_HANDLED, or IO_NOT_MINE (nothing
 * changed) for any other exit. */
enum io_result clock_handle(struct vcpu *vcpu, void *context)
{
    (void)vcpu;
    (void)context;
    return IO_NOT_MINE; /* your code here */
}
