/*
 * call_timer.c - a per-call time limit from a POSIX timer.
 * Introduced in chapter 13.
 */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "call_timer.h"
#include "clock.h"
#include "stopper.h"

// ANCHOR: create
int call_timer_create(struct call_timer *timer)
{
    struct sigevent event = {.sigev_notify = SIGEV_THREAD_ID,
                             .sigev_signo = STOPPER_SIGNAL};

    memset(timer, 0, sizeof(*timer));
    if (stopper_signal_take(NULL) < 0) /* its handler, unblocked here */
        return -1;
    /* This thread, not any (glibc names the field only from 2.35). */
    event._sigev_un._tid = gettid();
    if (timer_create(CLOCK_MONOTONIC, &event, &timer->timer) < 0)
        return -1;
    timer->created = true;
    return 0;
}
// ANCHOR_END: create

// ANCHOR: arm
int call_timer_arm(struct call_timer *timer, double seconds)
{
    struct itimerspec when = {
        .it_value = {(time_t)seconds,
                     (long)((seconds - (time_t)seconds) * 1e9)},
        .it_interval = {.tv_nsec = 1000000}, /* then every millisecond */
    };

    if (when.it_value.tv_sec == 0 && when.it_value.tv_nsec == 0)
        when.it_value.tv_nsec = 1; /* zero would disarm it */
    timer->deadline = clock_now() + seconds;
    return timer_settime(timer->timer, 0, &when, NULL);
}
// ANCHOR_END: arm

int call_timer_disarm(struct call_timer *timer)
{
    struct itimerspec never = {0};

    return timer_settime(timer->timer, 0, &never, NULL);
}

bool call_timer_expired(const struct call_timer *timer)
{
    return clock_now() >= timer->deadline;
}

void call_timer_destroy(struct call_timer *timer)
{
    if (timer->created)
        timer_delete(timer->timer);
    timer->created = false;
}
