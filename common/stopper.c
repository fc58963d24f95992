/*
 * stopper.c - stopping a vCPU inside KVM_RUN. Introduced in chapter 03.
 */
#include <errno.h>
#include <time.h>

#include "stopper.h"

#define RESEND_NANOSECONDS 1000000 /* re-send the signal every millisecond */

/* The signal's only job is to interrupt KVM_RUN, so it does nothing. */
static void on_stop_signal(int signal_number)
{
    (void)signal_number;
}

// ANCHOR: attach
int stopper_signal_take(sigset_t *saved)
{
    /* No SA_RESTART: KVM_RUN is never restarted anyway, and a blocking
     * call that the signal interrupts should say so (EINTR). */
    struct sigaction action = {.sa_handler = on_stop_signal};
    sigset_t mine;
    int err;

    sigemptyset(&action.sa_mask);
    if (sigaction(STOPPER_SIGNAL, &action, NULL) < 0)
        return -1;
    /* The parent may have blocked our signal; unblock it in this thread
     * only, whatever mask it inherited. */
    sigemptyset(&mine);
    sigaddset(&mine, STOPPER_SIGNAL);
    err = pthread_sigmask(SIG_UNBLOCK, &mine, saved);
    if (err) {
        errno = err;
        return -1;
    }
    return 0;
}

int stopper_attach(struct stopper *stopper, struct kvm_run *run)
{
    stopper->thread = pthread_self();
    stopper->run = run;
    run->immediate_exit = 0;
    atomic_init(&stopper->stop, false);
    atomic_init(&stopper->left, false);
    return stopper_signal_take(&stopper->saved_mask);
}
// ANCHOR_END: attach

bool stopper_stop_requested(struct stopper *stopper)
{
    return atomic_load_explicit(&stopper->stop, memory_order_acquire);
}

void stopper_detach(struct stopper *stopper)
{
    atomic_store_explicit(&stopper->left, true, memory_order_release);
    stopper->run->immediate_exit = 0;
    pthread_sigmask(SIG_SETMASK, &stopper->saved_mask, NULL);
}

// ANCHOR: stop
int stopper_stop(struct stopper *stopper)
{
    const struct timespec pause = {0, RESEND_NANOSECONDS};

    atomic_store_explicit(&stopper->stop, true, memory_order_release);
    /* Until the vCPU's thread confirms, it may be anywhere: inside
     * KVM_RUN (the signal gets it out), about to enter it (immediate_exit
     * makes KVM_RUN return at once), or between the two, clearing
     * immediate_exit after an earlier EINTR. Repeating both covers every
     * order. */
    while (!atomic_load_explicit(&stopper->left, memory_order_acquire)) {
        int err;

        __atomic_store_n(&stopper->run->immediate_exit, 1, __ATOMIC_RELEASE);
        err = pthread_kill(stopper->thread, STOPPER_SIGNAL);
        if (err) {
            errno = err;
            return -1;
        }
        nanosleep(&pause, NULL);
    }
    return 0;
}
// ANCHOR_END: stop

/* The deadline, `seconds` from now, on the clock the watchdog waits on:
 * CLOCK_MONOTONIC, which setting the date does not move. */
static struct timespec deadline_after(double seconds)
{
    struct timespec now;
    long long nanoseconds;

    clock_gettime(CLOCK_MONOTONIC, &now);
    nanoseconds = now.tv_nsec + (long long)((seconds - (long long)seconds) *
                                            1e9);
    now.tv_sec += (time_t)seconds + nanoseconds / 1000000000;
    now.tv_nsec = nanoseconds % 1000000000;
    return now;
}

static void *watch(void *argument)
{
    struct watchdog *watchdog = argument;
    int err = 0;

    pthread_mutex_lock(&watchdog->lock);
    while (!watchdog->cancelled && err != ETIMEDOUT)
        err = pthread_cond_timedwait(&watchdog->wake, &watchdog->lock,
                                     &watchdog->deadline);
    pthread_mutex_unlock(&watchdog->lock);
    if (err != ETIMEDOUT)
        return NULL; /* cancelled: every vCPU is done */
    atomic_store(&watchdog->fired, true);
    for (int i = 0; i < watchdog->count; i++)
        stopper_stop(watchdog->stoppers[i]);
    return NULL;
}

static int init_sync(struct watchdog *watchdog)
{
    pthread_condattr_t attributes;
    int err = pthread_condattr_init(&attributes);

    if (!err)
        err = pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC);
    if (!err)
        err = pthread_cond_init(&watchdog->wake, &attributes);
    pthread_condattr_destroy(&attributes);
    if (!err && (err = pthread_mutex_init(&watchdog->lock, NULL)))
        pthread_cond_destroy(&watchdog->wake);
    return err;
}

int watchdog_start(struct watchdog *watchdog, double seconds,
                   struct stopper **stoppers, int count)
{
    sigset_t all, saved;
    int err;

    *watchdog = (struct watchdog){.stoppers = stoppers, .count = count};
    atomic_init(&watchdog->fired, false);
    watchdog->deadline = deadline_after(seconds);
    err = init_sync(watchdog);
    if (err) {
        errno = err;
        return -1;
    }
    /* The new thread inherits our mask: block everything in it, so that
     * no signal meant for a vCPU thread (or the process) lands there. */
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &saved);
    err = pthread_create(&watchdog->thread, NULL, watch, watchdog);
    pthread_sigmask(SIG_SETMASK, &saved, NULL);
    if (err) {
        pthread_cond_destroy(&watchdog->wake);
        pthread_mutex_destroy(&watchdog->lock);
        errno = err;
        return -1;
    }
    return 0;
}

bool watchdog_cancel(struct watchdog *watchdog)
{
    pthread_mutex_lock(&watchdog->lock);
    watchdog->cancelled = true;
    pthread_cond_signal(&watchdog->wake);
    pthread_mutex_unlock(&watchdog->lock);
    pthread_join(watchdog->thread, NULL);
    pthread_cond_destroy(&watchdog->wake);
    pthread_mutex_destroy(&watchdog->lock);
    return atomic_load(&watchdog->fired);
}
