/*
 * samples.c - the spread of a set of timings. Introduced in chapter 14.
 */
#include <stdlib.h>

#include "samples.h"

static int smaller_first(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return (x > y) - (x < y);
}

double samples_percentile(const double *sorted, size_t n, unsigned percent)
{
    /* Nearest rank: the ceil(percent * n / 100)-th value, counted from 1. */
    size_t rank = (percent * n + 99) / 100;

    if (n == 0)
        return 0;
    return sorted[rank > 0 ? rank - 1 : 0];
}

struct spread samples_spread(double *values, size_t n)
{
    qsort(values, n, sizeof(values[0]), smaller_first);
    return (struct spread){
        .median = samples_percentile(values, n, 50),
        .p10 = samples_percentile(values, n, 10),
        .p90 = samples_percentile(values, n, 90),
    };
}
