/*
 * clock.h - time for people and for time limits: seconds on the monotonic
 * clock (never set back, unlike the time of day), and the time per event
 * of a run of events.
 *
 * Introduced in chapter 10.
 */
#ifndef KVM101_CLOCK_H
#define KVM101_CLOCK_H

/* Seconds on CLOCK_MONOTONIC, from an arbitrary start. */
double clock_now(void);

/* Seconds from now until `deadline` (a clock_now() value), but never less
 * than `minimum`: a time limit passed on must stay positive. */
double clock_left(double deadline, double minimum);

/* Microseconds per event for `events` events, the first at `first` and
 * the last at `last` (seconds): the gaps between them, so 0 for fewer
 * than two. */
double clock_us_per_event(double first, double last, unsigned long events);

#endif
