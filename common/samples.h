/*
 * samples.h - many timings of the same thing, summed up as a person (and a
 * JSON reader) wants them: the median and the 10th and 90th percentiles.
 * A mean would let one slow sample (the host's scheduler, a page fault)
 * move the figure; percentiles show the spread and ignore the outliers.
 *
 * Introduced in chapter 14.
 */
#ifndef KVM101_SAMPLES_H
#define KVM101_SAMPLES_H

#include <stddef.h>

struct spread {
    double median, p10, p90;
};

/* Sort the n values (smallest first) and return their spread. Each
 * percentile is the nearest-rank one: the smallest value with at least
 * that share of the values at or below it. n = 0 gives zeros. Pure:
 * unit-tested. */
struct spread samples_spread(double *values, size_t n);

/* The nearest-rank `percent` percentile (1-100) of n sorted values. */
double samples_percentile(const double *sorted, size_t n, unsigned percent);

#endif
