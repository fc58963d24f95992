/*
 * exercise.c - main() for exercise tests: run the checks quietly and say,
 * one line each, which pass, which fail and which could not run here, so
 * that a learner sees what is left to do. tests/tools/exercise.sh prints
 * the title before and the hint after.
 *
 * An exercise test gives each check a test case of its own, named by what
 * it checks (exercise_check()), because Check reports results by test case.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"

#define MAX_CHECKS 32

/* Each check's description and its test function's name, to match the
 * skips that harness_skip() logs by function name. */
static struct {
    const char *what;
    const char *test;
} checks[MAX_CHECKS];
static int check_count;

void exercise_check(Suite *suite, const char *what, const TTest *test)
{
    TCase *tc = tcase_create(what);

    if (check_count < MAX_CHECKS)
        checks[check_count++] = (typeof(checks[0])){what, test->name};
    tcase_set_timeout(tc, 20);
    tcase_add_test(tc, test);
    suite_add_tcase(suite, tc);
}

/* Did the check described as `what` skip itself (its function is
 * name_fn, as START_TEST names it)? */
static int was_skipped(const char *what, const char *log)
{
    char line[256], function[256];
    FILE *f = fopen(log, "r");
    int skipped = 0;

    for (int i = 0; f && i < check_count; i++) {
        if (strcmp(checks[i].what, what) != 0)
            continue;
        snprintf(function, sizeof(function), "%s_fn\n", checks[i].test);
        while (!skipped && fgets(line, sizeof(line), f))
            skipped = strcmp(line, function) == 0;
    }
    if (f)
        fclose(f);
    return skipped;
}

/*
 * Why a check failed, as a sentence. Most checks say it in their own words
 * (ck_assert_msg); a bare ck_assert_int_eq() leaves Check's raw
 * "Assertion 'X == Y' failed: X == 1, Y == 0", which reads like a crash:
 * say instead which expectation did not hold and what the values were.
 */
static void print_reason(const char *msg)
{
    const char *prefix = "Assertion '";
    const char *end = strstr(msg, "' failed");

    if (strncmp(msg, prefix, strlen(prefix)) != 0 || end == NULL) {
        printf(": %s", msg);
        return;
    }
    msg += strlen(prefix);
    printf(": this should hold but does not: %.*s", (int)(end - msg), msg);
    end = strstr(end, "failed: ");
    if (end != NULL)
        printf(" (here %s)", end + strlen("failed: "));
}

int main(void)
{
    char log[] = "/tmp/kvm101-skips-XXXXXX";
    int fd = mkstemp(log);
    SRunner *runner = srunner_create(test_suite());
    TestResult **results;
    int total, failed, skipped = 0;

    if (fd >= 0) {
        close(fd);
        setenv("KVM101_SKIP_LOG", log, 1);
    }
    srunner_run_all(runner, CK_SILENT);
    total = srunner_ntests_run(runner);
    failed = srunner_ntests_failed(runner);
    results = srunner_results(runner);
    for (int i = 0; i < total; i++) {
        int passed = tr_rtype(results[i]) == CK_PASS;
        int skip = passed && was_skipped(tr_tcname(results[i]), log);

        skipped += skip;
        printf("  [%s] %s", skip ? "skip" : passed ? "pass" : "FAIL",
               tr_tcname(results[i]));
        if (!passed)
            print_reason(tr_msg(results[i]));
        putchar('\n');
    }
    printf("%d of %d checks pass", total - failed - skipped, total);
    if (skipped)
        printf(" (%d could not run on this machine)", skipped);
    putchar('\n');
    unlink(log);
    free(results);
    srunner_free(runner);
    /* A skipped check is not a passed one: the exercise is not done. 77 (as
     * for the chapters: this host cannot) tells the harness that every
     * check that could run passed. */
    if (failed)
        return EXIT_FAILURE;
    return skipped ? 77 : EXIT_SUCCESS;
}
