/*
 * diagnose.c - why did my guest not halt? Introduced in chapter 03.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

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

// ANCHOR: instruction_bytes
/* The bytes at the guest's rip, for an emulation failure: from KVM when it
 * gives them (Linux 5.14 and later), else read from guest memory. Returns
 * how many, 0 when rip has no memory behind it. */
static size_t instruction_bytes(struct vcpu *vcpu, const struct kvm_regs *regs,
                                const struct kvm_sregs *sregs,
                                unsigned char *bytes)
{
    const struct kvm_run *run = vcpu->run;
    uint64_t physical;
    const unsigned char *code = NULL;
    size_t length;

    if (run->emulation_failure.ndata >= 3 &&
        (run->emulation_failure.flags &
         KVM_INTERNAL_ERROR_EMULATION_FLAG_INSTRUCTION_BYTES) &&
        run->emulation_failure.insn_size > 0) {
        length = run->emulation_failure.insn_size;
        memcpy(bytes, run->emulation_failure.insn_bytes, length);
        return length;
    }
    /* The code's linear address is CS.base + RIP; paging may map it. */
    if (vcpu_translate(vcpu, sregs->cs.base + regs->rip, &physical) < 0)
        return 0;
    for (length = 15; length > 0 && !code; length--)
        code = vm_guest_to_host(vcpu->vm, physical, length);
    if (!code)
        return 0;
    memcpy(bytes, code, ++length);
    return length;
}
// ANCHOR_END: instruction_bytes

// ANCHOR: explain_death
/* What the registers and memory add to the exit's own explanation. */
static void explain_death(struct vcpu *vcpu)
{
    const struct kvm_run *run = vcpu->run;
    unsigned char bytes[16];
    struct kvm_sregs sregs;
    struct kvm_regs regs;
    const char *reason;
    size_t length;

    if (run->exit_reason == KVM_EXIT_FAIL_ENTRY) {
        reason = exit_entry_failure_reason(
            run->fail_entry.hardware_entry_failure_reason);
        if (reason)
            fprintf(stderr, "  the CPU says: %s\n", reason);
    }
    if (run->exit_reason != KVM_EXIT_INTERNAL_ERROR ||
        run->internal.suberror != KVM_INTERNAL_ERROR_EMULATION ||
        vcpu_get_regs(vcpu, &regs) < 0 || vcpu_get_sregs(vcpu, &sregs) < 0)
        return;
    length = instruction_bytes(vcpu, &regs, &sregs, bytes);
    if (length == 0) {
        fprintf(stderr, "  the code at %#llx (cs.base + rip) has no memory "
                        "behind it: the guest jumped where there is no "
                        "memory slot\n",
                sregs.cs.base + regs.rip);
        return;
    }
    fprintf(stderr, "  the instruction at rip %#llx:", regs.rip);
    for (size_t i = 0; i < length && i < 8; i++)
        fprintf(stderr, " %02x", bytes[i]);
    reason = exit_instruction_kind(bytes, length);
    fprintf(stderr, "%s%s\n", reason ? " — " : "", reason ? reason : "");
}
// ANCHOR_END: explain_death

// ANCHOR: diagnose
int diagnose_run(struct vcpu *vcpu, enum run_outcome outcome,
                 double timeout)
{
    const struct kvm_run *run = vcpu->run;
    char exit_text[160];
    struct kvm_regs regs;

    switch (outcome) {
    case RUN_HALTED:
    case RUN_STOPPED: /* the handler that stopped the run reports it */
        return EXIT_OK;
    case RUN_FAILED:
        return report_error("KVM_RUN");
    case RUN_TIMED_OUT:
        /* If even KVM_GET_REGS fails, the rip synced at the last exit. */
        if (vcpu_get_regs(vcpu, &regs) < 0)
            regs.rip = run->s.regs.regs.rip;
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
    explain_death(vcpu);
    dump_vcpu(vcpu);
    return EXIT_ERROR;
}
// ANCHOR_END: diagnose

int diagnose_guest_file(const char *path, const struct guest_image *image,
                        const struct guest_plan *plan)
{
    char hint[160];

    if (errno != EFBIG)
        return report_error("--guest %s", path);
    if (!image->size) /* 0: a stream too long to count */
        snprintf(hint, sizeof(hint),
                 "it is larger than the %zu bytes this chapter's guest "
                 "memory holds for it",
                 plan->room);
    else if (plan->elf) /* its segments say where they go: no address */
        snprintf(hint, sizeof(hint),
                 "it is %zu bytes, but this chapter's guest memory holds %zu",
                 image->size, plan->room);
    else
        snprintf(hint, sizeof(hint),
                 "it is %zu bytes, but at most %zu bytes fit at %#llx in this "
                 "chapter's guest memory",
                 image->size, plan->room,
                 (unsigned long long)plan->load_address);
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
