/*
 * sandbox_report.h - a sandbox told to people: what sandbox_create() laid
 * out and what a call returned, as the "host: " lines chapter 13 prints
 * (like dump.c, on the FILE they are given), and why creating it failed
 * (like report.c, one line on stderr).
 *
 * Introduced in chapter 13.
 */
#ifndef KVM101_SANDBOX_REPORT_H
#define KVM101_SANDBOX_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "sandbox.h"

/* A sandbox_config output: SANDBOX_WRITE's text, the guest's, as
 * "guest> " lines on `console`, a struct console (run.h), which escapes
 * them. */
void sandbox_output_to_console(void *console, const char *text,
                               size_t length);

/* Three lines: the memory and shared buffer, the program's pages, and
 * which way a reset finds the pages to put back. */
void dump_sandbox_layout(FILE *out, const struct sandbox_layout *layout);

/* One line: "host: NAME returned VALUE" (and its data, escaped) or
 * "host: NAME failed: WHY"; with `stats`, the call's exits and host
 * calls too. */
void dump_sandbox_result(FILE *out, const char *name,
                         const struct sandbox_result *result, bool stats);

/* After sandbox_create() failed, with errno and *failed_step as it left
 * them: say why in one line on stderr, through report.h, with a hint for
 * a file that is no sandbox program (ENOEXEC) and for a sandbox_init()
 * that did not return 0 (ECANCELED). Returns the exit code (77 without a
 * usable KVM). */
int sandbox_report_create(const char *failed_step);

#endif
