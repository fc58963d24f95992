/*
 * Exercise 03.3 (moderate): answer an `in`.
 *
 * A real serial driver reads COM1's line status register, port 0x3fd,
 * before it writes, and waits for bit 5 ("transmitter empty"). Chapter 03's
 * run loop cannot answer reads, so guests/tests/port-in.S stops it. Complete
 * answer_in() so that a run loop can answer: when the guest reads `port`,
 * it gets `value`.
 *
 * Hint: for a KVM_EXIT_IO with direction KVM_EXIT_IO_IN, KVM takes the
 * answer from the kvm_run mapping itself, at byte run->io.data_offset, on
 * the next KVM_RUN (run->io.size bytes). Write `value` there; registers
 * changed in run->s.regs are ignored unless you also set kvm_dirty_regs.
 *
 * Book: book/03-real-mode.md, "Exercises". Check: make ex EX=03.3
 */
#include <stdint.h>
#include <linux/kvm.h>

/* Called for a KVM_EXIT_IO exit. If it is a read (KVM_EXIT_IO_IN) of
 * `port`, store the low run->io.size bytes of `value` where KVM will take
 * them and return 0; otherwise return -1 and change nothing. */
int answer_in(struct kvm_run *run, uint16_t port, uint32_t value)
{
    (void)run;
    (void)port;
    (void)value;
    return -1; /* your code here */
}
