/*
 * cli.h - the command line every chapter binary shares:
 *
 *   --help         what the chapter does and its options
 *   --trace        print every ioctl or VM exit, decoded
 *   --guest FILE   run another guest image (chapters that run a guest)
 *   --timeout S    stop a guest still running after S seconds (default 5)
 *
 * Like report.c, this file prints: the help text and usage errors.
 *
 * Introduced in chapter 01.
 */
#ifndef KVM101_CLI_H
#define KVM101_CLI_H

#include <stdbool.h>

#define CLI_DEFAULT_TIMEOUT 5.0
/* Below a millisecond a time limit means nothing to a person, and the
 * clocks that keep it round such values away. */
#define CLI_MIN_TIMEOUT 0.001
#define CLI_MAX_TIMEOUT 3600.0

/* A switch of the chapter's own, such as "--no-cpuid". */
struct chapter_switch {
    const char *name;
    const char *help;
    const char *value; /* "N": it takes a value (options.values[]);
                        * NULL: a plain switch. Introduced in chapter 11. */
};

#define CLI_MAX_SWITCHES 4

/* What a chapter tells the parser about itself. */
struct chapter {
    const char *name;        /* "03-real-mode" */
    const char *summary;     /* one line: what the program shows */
    bool runs_guest;         /* accepts --guest and --timeout */
    const char *guest_help;  /* the --guest image format, if runs_guest */
    struct chapter_switch switches[CLI_MAX_SWITCHES]; /* ends at name NULL */
    double default_timeout;  /* seconds; 0: CLI_DEFAULT_TIMEOUT.
                              * Introduced in chapter 12. */
};

struct options {
    bool trace;
    const char *guest_path; /* NULL: the chapter's built-in guest */
    double timeout;         /* seconds */
    bool switched[CLI_MAX_SWITCHES]; /* which of the chapter's switches */
    const char *values[CLI_MAX_SWITCHES]; /* and their values, if any */
};

/* The result of parsing. */
enum cli_result {
    CLI_RUN,   /* go on with the chapter */
    CLI_EXIT,  /* --help was printed or the usage was wrong: return exit */
};

/* Parse argv into *options (and switch tracing on for --trace). When it
 * returns CLI_EXIT, *exit_code says how the program should end: 0 after
 * --help, 2 after a usage error (already reported on stderr). */
enum cli_result cli_parse(const struct chapter *chapter, int argc,
                          char **argv, struct options *options,
                          int *exit_code);

/* The value of the chapter's switch number `index` as a whole number
 * from min to max, or `fallback` when the switch was not given. Returns 0,
 * or -1 after printing a usage error: the chapter then exits with
 * EXIT_USAGE. Introduced in chapter 11. */
int cli_number(const struct chapter *chapter, const struct options *options,
               int index, long fallback, long min, long max, long *value);

#endif
