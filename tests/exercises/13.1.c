/*
 * The test of exercise 13.1, a host function "sum": called from inside a
 * real sandbox by the probe program, with its input as the buffer.
 */
#include "sandbox13.h"

extern const struct sandbox_function exercise_functions[];

START_TEST(the_program_gets_the_sum)
{
    struct sandbox *sandbox;

    REQUIRE_KVM();
    sandbox = probe_sandbox(exercise_functions, 1, SANDBOX_RESET_AUTO);
    ck_assert_msg(pass_input(sandbox, "hello", 5) == 532,
                  "sum(\"hello\") is 104+101+108+108+111 = 532");
    ck_assert_int_eq(pass_input(sandbox, "\xff\xff", 2), 510);
    ck_assert_int_eq(pass_input(sandbox, "", 0), 0);
    sandbox_destroy(sandbox);
}
END_TEST

START_TEST(long_buffers_are_refused)
{
    static char input[1025];
    struct sandbox *sandbox;

    REQUIRE_KVM();
    memset(input, 1, sizeof(input));
    sandbox = probe_sandbox(exercise_functions, 1, SANDBOX_RESET_AUTO);
    ck_assert_int_eq(pass_input(sandbox, input, 1024), 1024);
    ck_assert_msg(pass_input(sandbox, input, 1025) == SANDBOX_REFUSED,
                  "1025 bytes, more than SUM_MAX: the program should see "
                  "SANDBOX_REFUSED");
    sandbox_destroy(sandbox);
}
END_TEST

Suite *test_suite(void)
{
    Suite *suite = suite_create("exercise 13.1");

    exercise_check(suite, "the program gets the sum of its input",
                   the_program_gets_the_sum);
    exercise_check(suite, "more than SUM_MAX bytes is refused",
                   long_buffers_are_refused);
    return suite;
}
