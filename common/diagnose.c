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

int diagnose_guest_file(const char *path, const struct guest_image *image,
                        uint64_t load_address, size_t room)
{
    char hint[160], size[40];

    if (errno != EFBIG)
        return report_error("--guest %s", path);
    if (image->size) /* 0: a stream, whose size cannot be known */
        snprintf(size, sizeof(size), "%zu bytes", image->size);
    else
        snprintf(size, sizeof(size), "more than %zu bytes", room);
    snprintf(hint, sizeof(hint),
             "it is %s, but at most %zu bytes fit at %#llx in this "
             "chapter's guest memory",
             size, room, (unsigned long long)load_address);
    return report_error_hint(hint, "--guest %s", path);
}

// ANCHOR: run_and_diagnose
int run_and_diagnose(struct vcpu *vcpu, double timeout)
{
    struct run_stats stats;
    struct console console;
    enum run_outcome outcome;

    console_init(&console, stdout);
    outcome = run_until_halt(vcpu, &console, timeout, &stats);
    if (outcome != RUN_HALTED)
        return diagnose_run(vcpu, outcome, timeout);
    printf("host: the guest halted after %lu exit%s\n", stats.exits,
           stats.exits == 1 ? "" : "s");
    return EXIT_OK;
}
// ANCHOR_END: run_and_diagnose
