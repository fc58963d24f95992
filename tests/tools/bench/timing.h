/*
 * timing.h - what the benchmark tools share: a monotonic clock in
 * microseconds and a comparison for sorting measurements (for medians).
 */
#ifndef KVM101_BENCH_TIMING_H
#define KVM101_BENCH_TIMING_H

#include <time.h>

static inline double now_us(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e6 + t.tv_nsec / 1e3;
}

/* For qsort() of doubles, smallest first. */
static inline int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return (x > y) - (x < y);
}

#endif
