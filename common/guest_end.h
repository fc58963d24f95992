/*
 * guest_end.h - how a C guest's run ended, as one line, for a chapter
 * whose own run loop serves the hypercalls (chapter 10's, which injects
 * interrupts between runs) instead of hypercall_run().
 *
 * Introduced in chapter 10.
 */
#ifndef KVM101_GUEST_END_H
#define KVM101_GUEST_END_H

#include "hypercall_host.h"
#include "run.h"

/* Say what went wrong on stderr and return the exit code (report.h), or
 * return EXIT_OK, saying nothing, if the guest exited with status 0. A
 * guest that halted with IF=0 is dead: nothing can wake it. */
int guest_end_report(struct vcpu *vcpu, const struct hypercall_host *host,
                     enum run_outcome outcome, double timeout);

#endif
