/*
 * Exercise 02.1 (easy): where does the vCPU fetch?
 * A reference solution.
 */
#include <stdint.h>
#include <linux/kvm.h>

uint64_t next_fetch_address(const struct kvm_regs *regs,
                            const struct kvm_sregs *sregs)
{
    /* The hidden base, whatever the selector says. */
    return sregs->cs.base + regs->rip;
}
