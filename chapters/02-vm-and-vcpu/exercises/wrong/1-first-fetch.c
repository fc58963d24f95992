/*
 * Exercise 02.1: a plausible wrong answer, which the test must reject.
 * It applies the real-mode rule to the selector: f000 * 16 + fff0 is
 * 0xffff0, just below 1 MiB, but a reset sets CS's hidden base to
 * 0xffff0000 directly, and the processor uses the base.
 */
#include <stdint.h>
#include <linux/kvm.h>

uint64_t next_fetch_address(const struct kvm_regs *regs,
                            const struct kvm_sregs *sregs)
{
    return (uint64_t)sregs->cs.selector * 16 + regs->rip;
}
