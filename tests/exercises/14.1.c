/*
 * The test of exercise 14.1, the nearest-rank percentile: percentile()
 * against answers worked out by hand. No KVM.
 */
#include <stddef.h>

#include "harness.h"

double percentile(const double *sorted, size_t n, unsigned percent);

static const double ten[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
static const double fifteen[] = {10, 20, 30, 40, 50, 60, 70, 80,
                                 90, 100, 110, 120, 130, 140, 150};

static void expect(const double *sorted, size_t n, unsigned percent,
                   double want)
{
    double got = percentile(sorted, n, percent);

    ck_assert_msg(got == want, "the %uth percentile of %zu values is %g "
                               "(rank %zu), not %g",
                  percent, n, want, (percent * n + 99) / 100, got);
}

START_TEST(whole_ranks)
{
    expect(ten, 10, 10, 1);
    expect(ten, 10, 50, 5);
    expect(ten, 10, 90, 9);
    expect(ten, 10, 100, 10);
}
END_TEST

START_TEST(ranks_between_two_values_round_up)
{
    expect(fifteen, 15, 10, 20);  /* 1.5 -> the 2nd */
    expect(fifteen, 15, 50, 80);  /* 7.5 -> the 8th */
    expect(fifteen, 15, 90, 140); /* 13.5 -> the 14th */
    expect(fifteen, 15, 1, 10);
}
END_TEST

START_TEST(edges)
{
    static const double one[] = {42};

    expect(one, 1, 1, 42);
    expect(one, 1, 50, 42);
    expect(one, 1, 100, 42);
    ck_assert_msg(percentile(one, 0, 50) == 0,
                  "no values: the answer should be 0");
}
END_TEST

Suite *test_suite(void)
{
    Suite *suite = suite_create("exercise 14.1");

    exercise_check(suite, "whole ranks: 10, 50, 90 and 100 of 10 values",
                   whole_ranks);
    exercise_check(suite, "a rank between two values rounds up",
                   ranks_between_two_values_round_up);
    exercise_check(suite, "one value, and none", edges);
    return suite;
}
