/*
 * report.h - how a chapter reports failure: one line on stderr naming what
 * failed, why (the errno text) and a hint for fixing it, plus the exit code.
 *
 *   03-real-mode: open /dev/kvm: Permission denied — add yourself to ...
 *
 * Helpers in common/ never print or exit; they return -1 with errno set.
 * Chapters pass that errno here. This file and cli.c are the only parts of
 * common/ that print on their own.
 *
 * Introduced in chapter 01.
 */
#ifndef KVM101_REPORT_H
#define KVM101_REPORT_H

/* Exit codes of every chapter binary. */
enum exit_code {
    EXIT_OK = 0,
    EXIT_ERROR = 1,
    EXIT_USAGE = 2,
    EXIT_HOST_CANNOT = 77, /* this host lacks something; the line says what */
};

/* The hint for a failure of `step` with `err`, or NULL if there is none.
 * For a permission error on the device it looks at the device: the kvm
 * group is suggested only where a group named kvm owns it.
 * Otherwise pure. Unit-tested. */
const char *report_hint(int err, const char *step);

/* The exit code for a failure with `err` in `step`: EXIT_HOST_CANNOT when
 * the host has no usable KVM, EXIT_ERROR otherwise. */
int report_exit_code(int err, const char *step);

/* Print "<program>: <step>: <strerror(errno)> — <hint>" and return the exit
 * code. `step` is a printf format. */
int report_error(const char *step_format, ...)
    __attribute__((format(printf, 1, 2)));

/* Same, with the caller's own hint instead of the table's. */
int report_error_hint(const char *hint, const char *step_format, ...)
    __attribute__((format(printf, 2, 3)));

/* A failure with no errno behind it: "<program>: <problem> — <hint>".
 * Returns EXIT_ERROR. `hint` may be NULL. */
int report_problem(const char *hint, const char *problem_format, ...)
    __attribute__((format(printf, 2, 3)));

/* A host limit: "<program>: <reason>" and EXIT_HOST_CANNOT. */
int report_host_cannot(const char *reason_format, ...)
    __attribute__((format(printf, 1, 2)));

#endif
