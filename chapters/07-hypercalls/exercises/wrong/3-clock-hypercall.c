/*
 * Exercise 07.3: a plausible wrong answer, which the test must reject.
 * It changes RAX in kvm_run but never sets kvm_dirty_regs, so KVM does
 * not load the change: the guest finds its call number, 100, where the
 * time should be.
 */
#include <stdint.h>
#include <linux/kvm.h>

#include "hypercall.h"
#include "run.h"

#define HC_GET_TIME 100

enum io_result clock_handle(struct vcpu *vcpu, void *context)
{
    struct kvm_run *run = vcpu->run;
    struct kvm_regs *regs = &run->s.regs.regs;
    uint64_t *clock = context;

    if (run->exit_reason != KVM_EXIT_IO ||
        run->io.direction != KVM_EXIT_IO_OUT ||
        run->io.port != HYPERCALL_PORT || run->io.size != 4 ||
        regs->rax != HC_GET_TIME)
        return IO_NOT_MINE;
    regs->rax = *clock;
    *clock += 1000;
    return IO_HANDLED;
}
