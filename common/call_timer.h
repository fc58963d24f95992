/*
 * call_timer.h - a time limit for each call into a guest, cheap enough to
 * set for every call.
 *
 * Chapter 03's watchdog is a thread per run: right for one guest run,
 * but starting a thread costs tens of microseconds, more than a whole
 * call into the sandbox. A POSIX timer (timer_create) costs a system
 * call to arm and one to disarm. It sends STOPPER_SIGNAL to the thread
 * that runs the vCPU, the thread that created it, at the deadline and
 * then every millisecond until disarmed: KVM_RUN returns EINTR, and a
 * signal that came just before KVM_RUN was entered is followed by
 * another.
 *
 * Like every helper, these return -1 with errno set and never print.
 *
 * Introduced in chapter 13.
 */
#ifndef KVM101_CALL_TIMER_H
#define KVM101_CALL_TIMER_H

#include <stdbool.h>
#include <time.h>

struct call_timer {
    timer_t timer;
    bool created;
    double deadline; /* clock_now() time, while armed */
};

/* Create the timer for the calling thread, install STOPPER_SIGNAL's
 * (empty) handler and unblock the signal in this thread. Every other
 * call must come from the same thread. Returns 0, or -1 with errno. */
int call_timer_create(struct call_timer *timer);

/* Fire `seconds` from now (then every millisecond). 0 or -1. */
int call_timer_arm(struct call_timer *timer, double seconds);

/* Stop firing. Returns 0, or -1 with errno. */
int call_timer_disarm(struct call_timer *timer);

/* Has the armed deadline passed? (After KVM_RUN returned EINTR.) */
bool call_timer_expired(const struct call_timer *timer);

/* Delete the timer. Safe twice, and after a failed create. */
void call_timer_destroy(struct call_timer *timer);

#endif
