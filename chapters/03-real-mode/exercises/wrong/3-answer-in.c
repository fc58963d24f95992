/*
 * Exercise 03.3: a plausible wrong answer, which the test must reject.
 * It puts the value straight into the guest's AL through sync_regs, but
 * without kvm_dirty_regs KVM never loads it (and KVM overwrites AL with
 * whatever sits at data_offset when it completes the `in`).
 */
#include <stdint.h>
#include <linux/kvm.h>

int answer_in(struct kvm_run *run, uint16_t port, uint32_t value)
{
    if (run->io.direction != KVM_EXIT_IO_IN || run->io.port != port)
        return -1;
    run->s.regs.regs.rax = (run->s.regs.regs.rax & ~0xffull) | (value & 0xff);
    return 0;
}
