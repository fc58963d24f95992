/*
 * diagnose.h - explaining why a guest did not halt: a timeout, a failed
 * KVM_RUN, or an exit the run loop does not handle (with a decoded
 * register dump). Like report.c, this prints on stderr for the chapter.
 *
 * Introduced in chapter 03.
 */
#ifndef KVM101_DIAGNOSE_H
#define KVM101_DIAGNOSE_H

#include "run.h"

/* Report an outcome other than RUN_HALTED and return the exit code. */
int diagnose_run(struct vcpu *vcpu, enum run_outcome outcome,
                 double timeout);

#endif
