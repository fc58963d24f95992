/*
 * main.c - main() for every test program: run the file's suite with Check
 * (fork mode: a crashing test fails alone) and exit non-zero if any test
 * failed. Exercise tests use exercise.c instead.
 */
#include <stdlib.h>

#include "harness.h"

int main(void)
{
    SRunner *runner = srunner_create(test_suite());
    int failed;

    srunner_run_all(runner, CK_NORMAL);
    failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
