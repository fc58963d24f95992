/*
 * Unit tests for common/clock.c: the clock goes forward, a time limit
 * never reaches zero, and time per event counts the gaps. No KVM.
 */
#include "clock.h"
#include "harness.h"

START_TEST(the_clock_goes_forward)
{
    double before = clock_now();

    ck_assert(clock_now() >= before);
}
END_TEST

START_TEST(a_time_limit_stays_positive)
{
    double now = clock_now();

    ck_assert(clock_left(now + 100, 0.001) > 99);
    ck_assert(clock_left(now - 5, 0.001) == 0.001); /* already past */
}
END_TEST

START_TEST(time_per_event_counts_the_gaps)
{
    /* Three events a second apart: two gaps, 1e6 us each. */
    ck_assert(clock_us_per_event(10, 12, 3) == 1e6);
    ck_assert(clock_us_per_event(10, 10, 1) == 0); /* no gap at all */
    ck_assert(clock_us_per_event(0, 0, 0) == 0);
}
END_TEST

Suite *test_suite(void)
{
    Suite *suite = suite_create("unit/clock");
    TCase *tc = tcase_create("clock");

    tcase_add_test(tc, the_clock_goes_forward);
    tcase_add_test(tc, a_time_limit_stays_positive);
    tcase_add_test(tc, time_per_event_counts_the_gaps);
    suite_add_tcase(suite, tc);
    return suite;
}
