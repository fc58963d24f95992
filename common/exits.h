/*
 * exits.h - VM exits for people: a name for every exit reason, a one-line
 * description of an exit, and for the exits that mean "the guest is dead"
 * a sentence on what usually causes them.
 *
 * Introduced in chapter 03.
 */
#ifndef KVM101_EXITS_H
#define KVM101_EXITS_H

#include <stddef.h>
#include <linux/kvm.h>

/* "KVM_EXIT_IO", ..., or "KVM_EXIT_(unknown)" */
const char *exit_name(unsigned reason);

/* One line describing the exit in run, for example
 *   KVM_EXIT_IO out port 0x3f8 size 1 count 6 data "hello\n"
 * Returns buf. */
char *exit_describe(char *buf, size_t size, const struct kvm_run *run);

/* What usually causes this exit, when it ends a guest: a sentence, or NULL
 * for the exits a run loop is expected to handle. */
const char *exit_explanation(const struct kvm_run *run);

#endif
