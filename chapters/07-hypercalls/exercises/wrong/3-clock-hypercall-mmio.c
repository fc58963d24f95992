/*
 * Exercise 07.3: a plausible wrong answer, which the test must reject.
 * It never looks at exit_reason. For a KVM_EXIT_MMIO, run->io overlaps
 * run->mmio, and an MMIO write to the right address reads as "out to
 * port 0xf00, 4 bytes": it answers a hypercall nobody made.
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

    if (run->io.direction != KVM_EXIT_IO_OUT ||
        run->io.port != HYPERCALL_PORT || run->io.size != 4 ||
        regs->rax != HC_GET_TIME)
        return IO_NOT_MINE;
    regs->rax = *clock;
    *clock += 1000;
    run->kvm_dirty_regs |= KVM_SYNC_X86_REGS;
    return IO_HANDLED;
}
