/*
 * Exercise 03.2 (moderate): a run loop that counts its exits.
 *
 * Every virtual machine monitor is a loop around KVM_RUN. Write one that
 * keeps a tally: run the vCPU, and after each exit add 1 to the counter of
 * its exit reason. Go back into the guest after an `out` (to any port:
 * this loop throws the data away), and stop at a `hlt` or at any other
 * exit. Counting the exits of chapter 03's guest shows what "one exit per
 * byte" means.
 *
 * Hint: the reason is run->exit_reason (KVM_EXIT_IO is 2, KVM_EXIT_HLT is
 * 5), and an `out` is a KVM_EXIT_IO with run->io.direction ==
 * KVM_EXIT_IO_OUT. Look at common/run.c's run_loop(). counts[] has only
 * `reasons` entries: a reason of `reasons` or more is counted in the
 * total but has no entry of its own. The exit that ends the loop counts
 * too.
 *
 * Book: book/03-real-mode.md, "Exercises". Check: make ex EX=03.2
 */
#include <errno.h>
#include <stddef.h>
#include <sys/ioctl.h>
#include <linux/kvm.h>

#include "vcpu.h"

/* Run the vCPU until the guest halts or exits for anything but an `out`.
 * For every exit, add 1 to counts[exit_reason] if exit_reason < reasons.
 * Returns the number of exits, the last one included, or -1 with errno
 * set if KVM_RUN fails. */
long run_counting(struct vcpu *vcpu, unsigned long counts[], size_t reasons)
{
    (void)vcpu;
    (void)counts;
    (void)reasons;
    return 0; /* your code here */
}
