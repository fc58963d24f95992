/*
 * Unit tests for common/cli.c: the options every chapter binary shares.
 * cli_parse() prints help and usage errors itself; each test runs in its
 * own process (Check's fork mode), so capturing stdout/stderr is safe.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "harness.h"
#include "report.h"
#include "trace.h"

static const struct chapter with_guest = {
    .name = "03-test",
    .summary = "A chapter that runs a guest.",
    .runs_guest = true,
    .guest_help = "a flat test image",
};

static const struct chapter without_guest = {
    .name = "01-test",
    .summary = "A chapter without a guest.",
};

/* What cli_parse did with one command line. */
struct parsed {
    enum cli_result result;
    int exit_code;
    struct options options;
    char out[4096]; /* what it printed on stdout */
    char err[4096]; /* and on stderr */
};

/* Read back a capture file into text. */
static void read_back(FILE *file, char *text, size_t size)
{
    size_t length;

    rewind(file);
    length = fread(text, 1, size - 1, file);
    text[length] = '\0';
    fclose(file);
}

/* Parse argv (NULL-terminated, argv[0] included) for chapter. */
static void parse(const struct chapter *chapter, char **argv, struct parsed *p)
{
    FILE *out = tmpfile(), *err = tmpfile();
    int saved_out = dup(STDOUT_FILENO), saved_err = dup(STDERR_FILENO);
    int argc = 0;

    while (argv[argc])
        argc++;
    ck_assert_ptr_nonnull(out);
    ck_assert_ptr_nonnull(err);
    fflush(NULL);
    dup2(fileno(out), STDOUT_FILENO);
    dup2(fileno(err), STDERR_FILENO);
    p->exit_code = -1;
    p->result = cli_parse(chapter, argc, argv, &p->options, &p->exit_code);
    fflush(NULL);
    dup2(saved_out, STDOUT_FILENO);
    dup2(saved_err, STDERR_FILENO);
    close(saved_out);
    close(saved_err);
    read_back(out, p->out, sizeof(p->out));
    read_back(err, p->err, sizeof(p->err));
}

/* The command line was refused with exit code 2 and one line on stderr
 * that contains `part`. */
static void assert_usage_error(const struct parsed *p, const char *part)
{
    ck_assert_int_eq(p->result, CLI_EXIT);
    ck_assert_int_eq(p->exit_code, EXIT_USAGE);
    ck_assert_msg(strstr(p->err, part), "stderr '%s' lacks '%s'", p->err, part);
    ck_assert_int_eq(count_occurrences(p->err, "\n"), 1);
    ck_assert_str_eq(p->out, "");
}

START_TEST(no_options_run_the_built_in_guest_for_5_s)
{
    char *argv[] = {"03-test", NULL};
    struct parsed p;

    trace_enabled = true; /* whatever it was, no --trace turns it off */
    parse(&with_guest, argv, &p);
    ck_assert_int_eq(p.result, CLI_RUN);
    ck_assert_ptr_null(p.options.guest_path);
    ck_assert_double_eq(p.options.timeout, CLI_DEFAULT_TIMEOUT);
    ck_assert(!p.options.trace);
    ck_assert(!trace_enabled);
    ck_assert_str_eq(p.out, "");
    ck_assert_str_eq(p.err, "");
}
END_TEST

START_TEST(help_exits_0_and_lists_guest_options_only_with_a_guest)
{
    char *argv_guest[] = {"03-test", "--help", NULL};
    char *argv_plain[] = {"01-test", "-h", NULL};
    struct parsed p;

    parse(&with_guest, argv_guest, &p);
    ck_assert_int_eq(p.result, CLI_EXIT);
    ck_assert_int_eq(p.exit_code, EXIT_OK);
    ck_assert(strstr(p.out, "usage: 03-test [options]"));
    ck_assert(strstr(p.out, "--guest FILE"));
    ck_assert(strstr(p.out, "--timeout S"));
    ck_assert(strstr(p.out, "guest image: a flat test image"));
    ck_assert(strstr(p.out, "KVM101_DEVICE"));
    ck_assert_str_eq(p.err, "");

    parse(&without_guest, argv_plain, &p);
    ck_assert_int_eq(p.result, CLI_EXIT);
    ck_assert_int_eq(p.exit_code, EXIT_OK);
    ck_assert(strstr(p.out, "--trace"));
    ck_assert(!strstr(p.out, "--guest"));
    ck_assert(!strstr(p.out, "--timeout"));
}
END_TEST

START_TEST(unknown_option_is_a_usage_error)
{
    char *argv[] = {"03-test", "--bogus", NULL};
    struct parsed p;

    parse(&with_guest, argv, &p);
    assert_usage_error(&p, "03-test: unknown option '--bogus' — run "
                           "'03-test --help' for the options");
}
END_TEST

START_TEST(stray_argument_is_a_usage_error)
{
    char *argv[] = {"03-test", "guest.bin", NULL};
    struct parsed p;

    parse(&with_guest, argv, &p);
    assert_usage_error(&p, "unknown option 'guest.bin'");
}
END_TEST

START_TEST(bad_timeouts_are_usage_errors)
{
    /* Not a number, not positive, over an hour, trailing junk, NaN, and
     * too small to time: below a millisecond (1e-300 once rounded to a
     * zero itimer, which never fires). */
    const char *bad[] = {"abc", "0",   "-1",        "4000",   "5s",
                         "",    "nan", "inf",       "1e-300", "0.0000009",
                         "0.0009"};

    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        char *argv[] = {"03-test", "--timeout", (char *)bad[i], NULL};
        struct parsed p;

        parse(&with_guest, argv, &p);
        ck_assert_msg(p.exit_code == EXIT_USAGE, "--timeout '%s' was accepted",
                      bad[i]);
        assert_usage_error(&p, "--timeout takes seconds "
                                   "(0.001 <= S <= 3600)");
    }
}
END_TEST

START_TEST(fractional_and_largest_timeouts_are_accepted)
{
    char *half[] = {"03-test", "--timeout", "0.5", NULL};
    char *hour[] = {"03-test", "--timeout", "3600", NULL};
    char *millisecond[] = {"03-test", "--timeout", "0.001", NULL};
    struct parsed p;

    parse(&with_guest, millisecond, &p);
    ck_assert_int_eq(p.result, CLI_RUN);
    ck_assert_double_eq(p.options.timeout, 0.001);

    parse(&with_guest, half, &p);
    ck_assert_int_eq(p.result, CLI_RUN);
    ck_assert_double_eq(p.options.timeout, 0.5);
    parse(&with_guest, hour, &p);
    ck_assert_int_eq(p.result, CLI_RUN);
    ck_assert_double_eq(p.options.timeout, 3600);
}
END_TEST

START_TEST(guest_and_trace_are_taken)
{
    char *argv[] = {"03-test", "--guest", "my.bin", "--trace", NULL};
    struct parsed p;

    trace_enabled = false;
    parse(&with_guest, argv, &p);
    ck_assert_int_eq(p.result, CLI_RUN);
    ck_assert_str_eq(p.options.guest_path, "my.bin");
    ck_assert(p.options.trace);
    ck_assert(trace_enabled);
}
END_TEST

START_TEST(guest_options_are_unknown_without_a_guest)
{
    char *guest[] = {"01-test", "--guest", "my.bin", NULL};
    char *timeout[] = {"01-test", "--timeout", "1", NULL};
    struct parsed p;

    parse(&without_guest, guest, &p);
    assert_usage_error(&p, "unknown option '--guest'");
    parse(&without_guest, timeout, &p);
    assert_usage_error(&p, "unknown option '--timeout'");
}
END_TEST

START_TEST(missing_values_are_usage_errors)
{
    char *guest[] = {"03-test", "--guest", NULL};
    char *timeout[] = {"03-test", "--trace", "--timeout", NULL};
    struct parsed p;

    parse(&with_guest, guest, &p);
    assert_usage_error(&p, "missing value after '--guest'");
    parse(&with_guest, timeout, &p);
    assert_usage_error(&p, "missing value after '--timeout'");
}
END_TEST

Suite *test_suite(void)
{
    Suite *suite = suite_create("unit/cli");
    TCase *tc = tcase_create("cli");

    tcase_set_timeout(tc, 5);
    tcase_add_test(tc, no_options_run_the_built_in_guest_for_5_s);
    tcase_add_test(tc, help_exits_0_and_lists_guest_options_only_with_a_guest);
    tcase_add_test(tc, unknown_option_is_a_usage_error);
    tcase_add_test(tc, stray_argument_is_a_usage_error);
    tcase_add_test(tc, bad_timeouts_are_usage_errors);
    tcase_add_test(tc, fractional_and_largest_timeouts_are_accepted);
    tcase_add_test(tc, guest_and_trace_are_taken);
    tcase_add_test(tc, guest_options_are_unknown_without_a_guest);
    tcase_add_test(tc, missing_values_are_usage_errors);
    suite_add_tcase(suite, tc);
    return suite;
}
