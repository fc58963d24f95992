/*
 * wasm_sandbox.h - untrusted WebAssembly in chapter 13's sandbox: the
 * host's side. The module's bytes go into the VM as the sandbox's
 * start-up input; the interpreter there (guests/13-wasm.c) decodes,
 * validates and instantiates it, and the snapshot is taken after that.
 * Each invoke is one sandbox call; a trap of the sandbox's own (time
 * limit, too many refused host calls, a crash) restores the snapshot.
 *
 * The messages between the two sides are common/wasm_abi.h; the command
 * line and the result lines are common/wasm_values.h.
 *
 * Like report.c, this prints, for the chapter: its result lines, the
 * guest's text as "guest> " lines and its remarks as "host: " lines, on
 * `out`, and a failed start in one line on stderr. Failures of the host
 * itself return -1 with errno set.
 *
 * Introduced in chapter 13.
 */
#ifndef KVM101_WASM_SANDBOX_H
#define KVM101_WASM_SANDBOX_H

#include <stdbool.h>
#include <stdio.h>

#include "guest.h"
#include "sandbox.h"
#include "wasm_values.h"

struct wasm_sandbox {
    struct sandbox *sandbox;
    const struct wasm_run_options *options;
    FILE *out;
    unsigned long host_calls; /* in the current invoke */
};

/* Create the sandbox with the interpreter (`program`, an ELF sandbox
 * program) and the module's bytes. Returns 0; or -1 with errno set and
 * *failed_step naming the step (ECANCELED: the module was refused, is
 * unlinkable or its start function trapped: `why` says so in one line,
 * "module refused: ...", "unlinkable: ..." or "start function trapped:
 * ..."). */
int wasm_sandbox_create(struct wasm_sandbox *ws,
                        const struct wasm_run_options *options,
                        const uint8_t *program, size_t program_size,
                        const uint8_t *module, size_t module_size,
                        FILE *out, char *why, size_t why_size,
                        const char **failed_step);

/* Run one invoke and print its result line (and, after a trap of the
 * sandbox's own, "host: sandbox restored from its snapshot"). Returns 0
 * when it ran (a trap included), 1 for an "error:" line, or -1 with
 * errno set when the host failed. */
int wasm_sandbox_invoke(struct wasm_sandbox *ws,
                        const struct wasm_invoke *invoke);

void wasm_sandbox_destroy(struct wasm_sandbox *ws);

/* After wasm_sandbox_create() failed, with errno as it left it: say why
 * in one line on stderr, through report.h (the module refused or
 * unlinkable, the module too large for a sandbox, or the host's own
 * failure), and return the exit code (77 without a usable KVM). */
int wasm_sandbox_report_create(const struct wasm_run_options *options,
                               const char *why, const char *failed_step);

/* Read a module of at most max_size bytes from `path` (guest.h's
 * guest_read_file()). An empty file is read too, as no bytes: the
 * decoder inside the sandbox says what is wrong with it. Returns 0, or -1
 * with errno set. */
int wasm_module_read(const char *path, size_t max_size,
                     struct guest_image *module);

/* Guest text as "guest> " lines, one per '\n'-ended piece, every control
 * byte escaped (escape.h). */
void wasm_print_guest_text(FILE *out, const char *text, size_t length);

#endif
