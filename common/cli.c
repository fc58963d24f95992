/*
 * cli.c - the command line every chapter binary shares.
 * Introduced in chapter 01.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "report.h"
#include "trace.h"

static double default_timeout(const struct chapter *chapter)
{
    return chapter->default_timeout > 0 ? chapter->default_timeout
                                        : CLI_DEFAULT_TIMEOUT;
}

static void print_help(const struct chapter *chapter)
{
    printf("usage: %s [options]\n\n%s\n\noptions:\n", chapter->name,
           chapter->summary);
    printf("  --help         show this help and exit\n");
    printf("  --trace        print every ioctl or VM exit, decoded\n");
    for (int i = 0; i < CLI_MAX_SWITCHES && chapter->switches[i].name; i++) {
        const struct chapter_switch *option = &chapter->switches[i];
        char name[32];

        snprintf(name, sizeof(name), "%s%s%s", option->name,
                 option->value ? " " : "", option->value ? option->value : "");
        printf("  %-14s %s\n", name, option->help);
    }
    if (chapter->runs_guest) {
        printf("  --guest FILE   run FILE instead of the built-in guest "
               "(result checks skipped)\n");
        printf("  --timeout S    stop a guest still running after S "
               "seconds (default %g)\n",
               default_timeout(chapter));
        printf("\nguest image: %s\n", chapter->guest_help);
    }
    printf("\nexit codes: 0 ok, 1 error, 2 usage, 77 this host cannot "
           "run it\n");
    printf("environment: KVM101_DEVICE=PATH opens PATH instead of "
           "/dev/kvm\n");
}

/* The index of arg among the chapter's own switches, or -1. */
static int find_switch(const struct chapter *chapter, const char *arg)
{
    for (int i = 0; i < CLI_MAX_SWITCHES && chapter->switches[i].name; i++)
        if (!strcmp(arg, chapter->switches[i].name))
            return i;
    return -1;
}

static int usage_error(const struct chapter *chapter, const char *problem,
                       const char *argument)
{
    fprintf(stderr, "%s: %s '%s' — run '%s --help' for the options\n",
            chapter->name, problem, argument, chapter->name);
    return EXIT_USAGE;
}

/* Seconds from text: a number from a millisecond to an hour. */
static int parse_timeout(const char *text, double *seconds)
{
    char *end;
    double value = strtod(text, &end);

    if (end == text || *end != '\0' || !(value >= CLI_MIN_TIMEOUT) ||
        value > CLI_MAX_TIMEOUT)
        return -1;
    *seconds = value;
    return 0;
}

/* A program started with fd 0, 1 or 2 closed would hand that number to
 * the next open(): /dev/kvm could become fd 1, and printf() would write
 * into it. Fill each closed one with /dev/null, opened read-only, so a
 * write there fails (EBADF) and check_output() reports it. */
static void fill_closed_standard_fds(void)
{
    for (int fd = 0; fd <= 2; fd++)
        if (fcntl(fd, F_GETFD) < 0 && errno == EBADF &&
            open("/dev/null", O_RDONLY) != fd)
            _exit(EXIT_ERROR); /* cannot happen: fd was the lowest free */
}

/* At exit: did all our output get written? A full disk, /dev/full or a
 * closed stdout must not end in a silent exit 0. */
static void check_output(void)
{
    int failed = ferror(stdout);

    if (fflush(stdout) == 0 && !failed)
        return;
    if (failed && errno == 0)
        errno = EIO;
    fprintf(stderr, "%s: writing standard output: %s — check where it goes "
                    "(a full disk, a closed pipe or descriptor)\n",
            program_invocation_short_name, strerror(errno));
    _exit(EXIT_ERROR);
}

enum cli_result cli_parse(const struct chapter *chapter, int argc,
                          char **argv, struct options *options,
                          int *exit_code)
{
    /* Line-buffer stdout so that our lines and error messages (stderr)
     * come out in the same order on a terminal, in a pipe and in tests. */
    setvbuf(stdout, NULL, _IOLBF, 0);
    fill_closed_standard_fds();
    atexit(check_output);
    *options = (struct options){.timeout = default_timeout(chapter)};
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        int switch_index = find_switch(chapter, arg);
        int takes_value = chapter->runs_guest &&
                          (!strcmp(arg, "--guest") ||
                           !strcmp(arg, "--timeout"));

        if (!strcmp(arg, "--help") || !strcmp(arg, "-h")) {
            print_help(chapter);
            *exit_code = EXIT_OK;
            return CLI_EXIT;
        } else if (!strcmp(arg, "--trace")) {
            options->trace = true;
        } else if (switch_index >= 0 && chapter->switches[switch_index].value) {
            if (i + 1 == argc) {
                *exit_code = usage_error(chapter, "missing value after", arg);
                return CLI_EXIT;
            }
            options->switched[switch_index] = true;
            options->values[switch_index] = argv[++i];
        } else if (switch_index >= 0) {
            options->switched[switch_index] = true;
        } else if (takes_value && i + 1 == argc) {
            *exit_code = usage_error(chapter, "missing value after", arg);
            return CLI_EXIT;
        } else if (takes_value && !strcmp(arg, "--guest")) {
            options->guest_path = argv[++i];
        } else if (takes_value) {
            if (parse_timeout(argv[++i], &options->timeout) < 0) {
                *exit_code = usage_error(chapter,
                                         "--timeout takes seconds "
                                         "(0.001 <= S <= 3600), not",
                                         argv[i]);
                return CLI_EXIT;
            }
        } else {
            *exit_code = usage_error(chapter, "unknown option", arg);
            return CLI_EXIT;
        }
    }
    trace_enabled = options->trace;
    return CLI_RUN;
}

int cli_number(const struct chapter *chapter, const struct options *options,
               int index, long fallback, long min, long max, long *value)
{
    const char *text = options->values[index];
    char problem[96];
    char *end;

    if (!options->switched[index]) {
        *value = fallback;
        return 0;
    }
    errno = 0;
    *value = strtol(text, &end, 10);
    if (end != text && *end == '\0' && errno == 0 && *value >= min &&
        *value <= max)
        return 0;
    snprintf(problem, sizeof(problem), "%s takes a whole number from %ld "
             "to %ld, not", chapter->switches[index].name, min, max);
    usage_error(chapter, problem, text);
    return -1;
}
