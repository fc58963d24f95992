/*
 * exercise.c - main() for exercise tests: run the checks quietly and say,
 * one line each, which pass and which do not, so that a learner sees what
 * is left to do. tests/tools/exercise.sh prints the title before and the
 * hint after.
 *
 * An exercise test gives each check a test case of its own, named by what
 * it checks (exercise_check()), because Check reports results by test case.
 */
#include <stdio.h>
#include <stdlib.h>

#include "harness.h"

void exercise_check(Suite *suite, const char *what, const TTest *test)
{
    TCase *tc = tcase_create(what);

    tcase_set_timeout(tc, 20);
    tcase_add_test(tc, test);
    suite_add_tcase(suite, tc);
}

int main(void)
{
    SRunner *runner = srunner_create(test_suite());
    TestResult **results;
    int total, failed;

    srunner_run_all(runner, CK_SILENT);
    total = srunner_ntests_run(runner);
    failed = srunner_ntests_failed(runner);
    results = srunner_results(runner);
    for (int i = 0; i < total; i++) {
        int passed = tr_rtype(results[i]) == CK_PASS;

        printf("  [%s] %s", passed ? "pass" : "FAIL", tr_tcname(results[i]));
        if (!passed)
            printf(": %s", tr_msg(results[i]));
        putchar('\n');
    }
    printf("%d of %d checks pass\n", total - failed, total);
    free(results);
    srunner_free(runner);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
