/*
 * clock.c - monotonic seconds, and time per event.
 * Introduced in chapter 10.
 */
#include <time.h>

#include "clock.h"

double clock_now(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

double clock_left(double deadline, double minimum)
{
    double seconds = deadline - clock_now();

    return seconds > minimum ? seconds : minimum;
}

double clock_us_per_event(double first, double last, unsigned long events)
{
    return events > 1 ? (last - first) * 1e6 / (events - 1) : 0;
}
