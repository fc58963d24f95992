/*
 * Exercise 14.1 (easy): the nearest-rank percentile.
 *
 * Chapter 14 sums up a thousand timings as three numbers: the median and
 * the 10th and 90th percentiles. The nearest-rank percentile p of n
 * sorted values is the smallest value with at least p percent of the
 * values at or below it. Complete percentile() below.
 *
 * Hint: the rank is ceil(percent * n / 100), counted from 1, so value
 * sorted[rank - 1]; with whole numbers, ceil(a / b) is (a + b - 1) / b.
 * n = 0 has no percentile: return 0 then.
 *
 * Book: book/14-exit-costs.md, "The idea".
 * Check: make ex EX=14.1
 */
#include <stddef.h>

/* The nearest-rank `percent` percentile (1 to 100) of the n values in
 * sorted[], smallest first; 0 when n is 0. */
double percentile(const double *sorted, size_t n, unsigned percent)
{
    (void)sorted;
    (void)n;
    (void)percent;
    return -1; /* your code here */
}
