/*
 * diagnose.h - explaining why a guest did not halt: a timeout, a failed
 * KVM_RUN, or an exit the run loop does not handle (with a decoded
 * register dump). Like report.c, this prints on stderr for the chapter.
 *
 * Introduced in chapter 03.
 */
#ifndef KVM101_DIAGNOSE_H
#define KVM101_DIAGNOSE_H

#include "chapter.h"
#include "guest.h"
#include "run.h"

/* Report why the --guest file at path could not be read (errno and the
 * image from guest_read_file_within), for the chapter's plan, and return
 * the exit code. */
int diagnose_guest_file(const char *path, const struct guest_image *image,
                        const struct guest_plan *plan);

/* Report an outcome other than RUN_HALTED and return the exit code. */
int diagnose_run(struct vcpu *vcpu, enum run_outcome outcome,
                 double timeout);

/* Run the vCPU until it halts, its console on stdout, then print how many
 * exits it took ("host: the guest halted after N exits") or, if it did not
 * halt, why (diagnose_run). Returns the exit code. */
int run_and_diagnose(struct vcpu *vcpu, double timeout);

#endif
