/*
 * guest_end.c - one line on how a C guest's run ended.
 * Introduced in chapter 10.
 */
#include "diagnose.h"
#include "guest_end.h"
#include "report.h"

// ANCHOR: guest_end_report
int guest_end_report(struct vcpu *vcpu, const struct hypercall_host *host,
                     enum run_outcome outcome, double timeout)
{
    if (outcome == RUN_HALTED && !vcpu->run->if_flag)
        return report_problem("nothing can wake it: an interrupt needs "
                              "IF=1; run with --trace to see its last exits",
                              "the guest halted with interrupts off (IF=0): "
                              "a dead guest");
    if (outcome == RUN_HALTED)
        return report_problem(NULL, "the guest halted instead of exiting");
    if (outcome != RUN_STOPPED)
        return diagnose_run(vcpu, outcome, timeout);
    if (host->assert_failed)
        return report_problem(NULL, "the guest failed an assertion at "
                              "line %llu", (unsigned long long)
                              host->assert_line);
    if (host->exit_status != 0)
        return report_problem(NULL, "the guest exited with status %llu",
                              (unsigned long long)host->exit_status);
    return EXIT_OK;
}
// ANCHOR_END: guest_end_report
