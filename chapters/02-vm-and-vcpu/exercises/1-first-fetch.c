/*
 * Exercise 02.1 (easy): where does the vCPU fetch?
 *
 * Given a vCPU's registers, say where its next instruction comes from: the
 * linear address the processor fetches from (before any paging). For a
 * fresh vCPU the answer must be the reset vector, 0xfffffff0, although CS
 * reads f000 and RIP fff0.
 *
 * Hint: a segment register has a visible selector and a hidden part, and
 * the processor forms addresses from the hidden part: cs.base, not
 * cs.selector. "selector * 16" is how real mode fills in the base when a
 * program loads a selector, and a reset does not load CS that way.
 *
 * Book: book/02-vm-and-vcpu.md, "Exercises". Check: make ex EX=02.1
 */
#include <stdint.h>
#include <linux/kvm.h>

/* The linear address of the next instruction the vCPU will fetch. */
uint64_t next_fetch_address(const struct kvm_regs *regs,
                            const struct kvm_sregs *sregs)
{
    (void)regs;
    (void)sregs;
    return 0; /* your code here */
}
