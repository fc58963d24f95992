/*
 * diagnose.c - why did my guest not halt? Introduced in chapter 03.
 */
#include <errno.h>
#include <stdio.h>

#include "diagnose.h"
#include "dump.h"
#include "exits.h"
#include "report.h"

static void dump_vcpu(struct vcpu *vcpu)
{
    struct kvm_regs regs;
    struct kvm_sregs sregs;

    if (vcpu_get_regs(vcpu, &regs) < 0 || vcpu_get_sregs(vcpu, &sregs) < 0)
        return;
    fprintf(stderr, "registers when it stopped:\n");
    dump_registers(stderr, &regs, &sregs);
}

// ANCHOR: diagnose
int diagnose_run(struct vcpu *vcpu, enum run_outcome outcome,
                 double timeout)
{
    const struct kvm_run *run = vcpu->run;
    char exit_text[160];
    struct kvm_regs regs;

    switch (outcome) {
    case RUN_HALTED:
        return EXIT_OK;
    case RUN_FAILED:
        return report_error("KVM_RUN");
    case RUN_TIMED_OUT:
        vcpu_get_regs(vcpu, &regs);
        return report_problem("it may be looping: run with --trace to see "
                              "its exits, or raise --timeout",
                              "guest did not halt within %g s (stopped at "
                              "rip %#llx)",
                              timeout, (unsigned long long)regs.rip);
    case RUN_UNHANDLED_EXIT:
        break;
    }
    report_problem(exit_explanation(run), "guest stopped with %s",
                   exit_describe(exit_text, sizeof(exit_text), run));
    dump_vcpu(vcpu);
    return EXIT_ERROR;
}
// ANCHOR_END: diagnose
