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
};

#define CLI_MAX_SWITCHES 4

/* An option of the chapter's own that takes a value, such as
 * "--kernel FILE". Introduced in chapter 12. */
struct chapter_setting {
    const char *name;  /* "--kernel" */
    const char *value; /* "FILE", for the help */
    const char *help;
};
#define CLI_MAX_SETTINGS 4

/* What a chapter tells the parser about itself. */
struct chapter {
    const char *name;        /* "03-real-mode" */
    const char *summary;     /* one line: what the program shows */
    bool runs_guest;         /* accepts --guest and --timeout */
    const char *guest_help;  /* the --guest image format, if runs_guest */
    struct chapter_switch switches[CLI_MAX_SWITCHES]; /* ends at name NULL */
    struct chapter_setting settings[CLI_MAX_SETTINGS]; /* ends at name NULL */
    double default_timeout;  /* seconds; 0: CLI_DEFAULT_TIMEOUT */
};

struct options {
    bool trace;
    const char *guest_path; /* NULL: the chapter's built-in guest */
    double timeout;         /* seconds */
    bool switched[CLI_MAX_SWITCHES]; /* which of the chapter's switches */
    const char *setting[CLI_MAX_SETTINGS]; /* their values, or NULL */
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

#endif
