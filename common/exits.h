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

/* What a KVM_EXIT_FAIL_ENTRY's hardware_entry_failure_reason means, or
 * NULL. Introduced in chapter 09. */
const char *exit_entry_failure_reason(unsigned long long reason);

/* The kind of instruction these bytes begin, in a few words ("ud2, the
 * undefined instruction", "x87 floating point", ...), or NULL when we do
 * not know it. For an emulation failure: which instruction KVM could not
 * emulate. Introduced in chapter 09. */
const char *exit_instruction_kind(const unsigned char *bytes, size_t length);

#endif
