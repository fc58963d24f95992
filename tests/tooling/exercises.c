/*
 * Tests of the exercise harness (tests/tools/exercise.sh). They use the
 * reference solutions and wrong answers, never the stubs a learner edits,
 * so solving an exercise cannot break them. The full check of every
 * committed stub runs when KVM101_CHECK_EXERCISES=1 (CI sets it).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static int shell(const char *command, struct process *p)
{
    const char *argv[] = {"/bin/sh", "-c", command, NULL};
    char build[512];
    const char *env[] = {build, NULL};

    snprintf(build, sizeof(build), "BUILD=%s", harness_build_dir());
    ck_assert_int_eq(process_run(p, argv, env, 300), 0);
    ck_assert_msg(!p->timed_out, "timed out: %s", command);
    return p->exit_code;
}

START_TEST(hint_prints_the_title_and_the_hint)
{
    struct process p;

    ck_assert_int_eq(shell("sh tests/tools/exercise.sh hint 03.3", &p), 0);
    ck_assert_ptr_nonnull(
        strstr(p.out, "Exercise 03.3 (moderate): answer an `in`.\nHint: "));
    ck_assert_ptr_nonnull(strstr(p.out, "run->io.data_offset"));
    process_free(&p);
}
END_TEST

START_TEST(the_solution_passes_with_a_friendly_verdict)
{
    struct process p;

    REQUIRE_KVM();
    ck_assert_int_eq(
        shell("sh tests/tools/exercise.sh run 03.3 "
              "chapters/03-real-mode/exercises/solutions/3-answer-in.c",
              &p),
        0);
    ck_assert_ptr_nonnull(strstr(p.out, "  [pass] a byte read gets the "
                                        "value\n"));
    ck_assert_ptr_nonnull(strstr(p.out, "4 of 4 checks pass\nDone: every "
                                        "check passes."));
    process_free(&p);
}
END_TEST

START_TEST(a_wrong_answer_fails_and_gets_the_hint)
{
    struct process p;

    REQUIRE_KVM();
    ck_assert_int_eq(
        shell("sh tests/tools/exercise.sh run 03.3 "
              "chapters/03-real-mode/exercises/wrong/3-answer-in.c",
              &p),
        1);
    ck_assert_ptr_nonnull(strstr(p.out, "  [FAIL] a byte read gets the "
                                        "value: the byte at data_offset"));
    ck_assert_ptr_nonnull(strstr(p.out, "Not yet.\nHint: "));
    process_free(&p);
}
END_TEST

START_TEST(an_unknown_exercise_is_a_clear_error)
{
    struct process p;

    ck_assert_int_eq(shell("sh tests/tools/exercise.sh run 99.9", &p), 2);
    ck_assert_str_eq(p.err, "exercise: no exercise 99.9 (make progress "
                            "lists them)\n");
    process_free(&p);
}
END_TEST

START_TEST(every_committed_stub_fails_and_every_solution_passes)
{
    struct process p;
    const char *wanted = getenv("KVM101_CHECK_EXERCISES");

    if (!wanted || strcmp(wanted, "1") != 0)
        SKIP_TEST("the committed stubs are checked in CI "
                  "(KVM101_CHECK_EXERCISES=1, make check-exercises)");
    REQUIRE_KVM();
    ck_assert_msg(shell("sh tests/tools/exercise.sh check", &p) == 0, "%s%s",
                  p.out, p.err);
    ck_assert_ptr_nonnull(strstr(p.out, "exercises are sound"));
    process_free(&p);
}
END_TEST

Suite *test_suite(void)
{
    Suite *suite = suite_create("tooling/exercises");
    TCase *tc = tcase_create("exercises");

    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, hint_prints_the_title_and_the_hint);
    tcase_add_test(tc, the_solution_passes_with_a_friendly_verdict);
    tcase_add_test(tc, a_wrong_answer_fails_and_gets_the_hint);
    tcase_add_test(tc, an_unknown_exercise_is_a_clear_error);
    tcase_add_test(tc, every_committed_stub_fails_and_every_solution_passes);
    suite_add_tcase(suite, tc);
    return suite;
}
