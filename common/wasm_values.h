/*
 * wasm_values.h - the command line of a WebAssembly runner, as issue 16
 * fixes it for chapter 13's sandbox and for tests/tools/wasm-run:
 *
 *   RUNNER [options] MODULE.wasm [--invoke EXPORT [ARG...]]...
 *
 * ARG is i32:N or i64:N, N decimal (negative allowed) or a 0x bit
 * pattern. Each invoke ends in one result line: "EXPORT: i32:N",
 * "EXPORT: i64:N", "EXPORT: (none)", "EXPORT: trap: MESSAGE" or
 * "EXPORT: error: MESSAGE". Pure functions: they never print or exit.
 *
 * Introduced in chapter 13.
 */
#ifndef KVM101_WASM_VALUES_H
#define KVM101_WASM_VALUES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* A typed value: type is 0x7f (i32) or 0x7e (i64), as in the binary. */
struct wasm_value {
    uint8_t type;
    uint64_t bits; /* an i32 in the low 32 bits, the rest zero */
};

#define WASM_VALUE_I32 0x7f
#define WASM_VALUE_I64 0x7e

/* Parse "i32:N" or "i64:N". Returns 0, or -1 with *why saying what is
 * wrong with it (a static string). */
int wasm_value_parse(const char *text, struct wasm_value *value,
                     const char **why);

/* "i32:-1" or "i64:42" (signed decimal) into buffer. Returns the length
 * it has or would have (like snprintf). */
int wasm_value_format(char *buffer, size_t size,
                      const struct wasm_value *value);

/* The result line of an invoke, without its newline: value NULL gives
 * "EXPORT: (none)". */
int wasm_result_line(char *buffer, size_t size, const char *export_name,
                     const struct wasm_value *value);
/* "EXPORT: trap: MESSAGE" (kind "trap") or "EXPORT: error: MESSAGE". */
int wasm_failure_line(char *buffer, size_t size, const char *export_name,
                      const char *kind, const char *message);

/* One --invoke: the export's name and its ARG words (not yet parsed: a
 * bad one is that invoke's error, not a usage error). */
struct wasm_invoke {
    const char *export_name;
    char *const *args;
    int arg_count;
};

// ANCHOR: run_options
struct wasm_run_options {
    const char *module_path;
    uint32_t memory_limit; /* pages, default 256 */
    uint64_t fuel;         /* default 0: unlimited */
    double timeout;        /* seconds per invoke, default 5 */
    bool trace, stats, reset, help;
    struct wasm_invoke *invokes; /* the caller's array, argc entries */
    int invoke_count;
};
// ANCHOR_END: run_options

#define WASM_DEFAULT_MEMORY_LIMIT 256
#define WASM_DEFAULT_TIMEOUT      5.0

/* Parse argv (argv[0] is the program). `invokes` must have room for argc
 * entries. Returns 0 (options->help says --help was asked for), or -1 with
 * why (a line of at most why_size bytes) for a usage error. */
int wasm_options_parse(int argc, char *const argv[],
                       struct wasm_run_options *options,
                       struct wasm_invoke *invokes, char *why, size_t why_size);

/* The command line's help, for `program`: `about` is its second line,
 * `timeout` what --timeout does there, `reset` what --reset does. Prints
 * (like cli.c's help): pure otherwise. */
void wasm_print_usage(FILE *out, const char *program, const char *about,
                      const char *timeout, const char *reset);

#endif
