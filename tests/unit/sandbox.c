/*
 * Unit tests for the pure part of chapter 13's sandbox: the check every
 * buffer a program passes must pass (sandbox_in_shared), at each edge,
 * with lengths and addresses chosen to wrap past 2^64.
 */
#include "harness.h"
#include "sandbox.h"

#define SIZE 0x10000ull
#define END (SANDBOX_SHARED + SIZE)

START_TEST(ranges_inside_are_accepted)
{
    ck_assert(sandbox_in_shared(SANDBOX_SHARED, 0, SIZE));
    ck_assert(sandbox_in_shared(SANDBOX_SHARED, SIZE, SIZE));
    ck_assert(sandbox_in_shared(SANDBOX_SHARED + 1, SIZE - 1, SIZE));
    ck_assert(sandbox_in_shared(END - 1, 1, SIZE));
    ck_assert(sandbox_in_shared(END, 0, SIZE)); /* empty, at the end */
}
END_TEST

START_TEST(ranges_that_reach_outside_are_refused)
{
    ck_assert(!sandbox_in_shared(SANDBOX_SHARED - 1, 1, SIZE));
    ck_assert(!sandbox_in_shared(SANDBOX_SHARED - 1, 2, SIZE));
    ck_assert(!sandbox_in_shared(SANDBOX_SHARED, SIZE + 1, SIZE));
    ck_assert(!sandbox_in_shared(END - 1, 2, SIZE));
    ck_assert(!sandbox_in_shared(END, 1, SIZE));
    ck_assert(!sandbox_in_shared(0, 16, SIZE));
    ck_assert(!sandbox_in_shared(SANDBOX_PROGRAM, 16, SIZE));
}
END_TEST

START_TEST(ranges_that_wrap_are_refused)
{
    /* address + length wraps to a small number inside the buffer. */
    ck_assert(!sandbox_in_shared(SANDBOX_SHARED + 0x1000, -0x1000ull, SIZE));
    ck_assert(!sandbox_in_shared(UINT64_MAX, 2, SIZE));
    ck_assert(!sandbox_in_shared(UINT64_MAX - SANDBOX_SHARED + 1,
                                 2 * SANDBOX_SHARED, SIZE));
    ck_assert(!sandbox_in_shared(SANDBOX_SHARED, UINT64_MAX, SIZE));
}
END_TEST

START_TEST(every_status_has_a_sentence)
{
    ck_assert_str_eq(sandbox_status_text(SANDBOX_TIMED_OUT),
                     "time limit exceeded");
    ck_assert_str_eq(sandbox_status_text(SANDBOX_CRASHED), "sandbox crashed");
    ck_assert_str_eq(sandbox_status_text(SANDBOX_TOO_MANY_REFUSALS),
                     "too many refused host calls");
    ck_assert_str_eq(sandbox_status_text(99), "unknown status");
}
END_TEST

Suite *test_suite(void)
{
    Suite *suite = suite_create("unit/sandbox");
    TCase *tc = tcase_create("sandbox");

    tcase_add_test(tc, ranges_inside_are_accepted);
    tcase_add_test(tc, ranges_that_reach_outside_are_refused);
    tcase_add_test(tc, ranges_that_wrap_are_refused);
    tcase_add_test(tc, every_status_has_a_sentence);
    suite_add_tcase(suite, tc);
    return suite;
}
