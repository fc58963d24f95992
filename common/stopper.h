/*
 * stopper.h - stopping a vCPU that is inside KVM_RUN, from another thread.
 *
 * KVM_RUN returns only at a VM exit the host must handle, or when a signal
 * arrives for the thread that called it. So to stop a guest that never
 * exits (a loop), another thread must signal the vCPU's thread. Three
 * things make that reliable:
 *
 *   - the signal is sent to the vCPU's own thread (pthread_kill), and that
 *     thread unblocks it itself: whatever mask the program inherited from
 *     its parent (a shell, a service manager, a test runner), the signal
 *     can land;
 *   - kvm_run->immediate_exit is set first: a signal that lands just
 *     before KVM_RUN is entered is lost, but KVM checks immediate_exit on
 *     entry and returns EINTR at once;
 *   - the signal is re-sent every millisecond until the vCPU's thread says
 *     it has left KVM_RUN for good.
 *
 * A watchdog (a thread sleeping until a deadline) applies a time limit to
 * one or more vCPUs. Chapter 03 has one vCPU; chapter 11 gives each vCPU
 * its thread and a stopper, and one watchdog watches them all.
 *
 * Introduced in chapter 03.
 */
#ifndef KVM101_STOPPER_H
#define KVM101_STOPPER_H

#include <linux/kvm.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>

/* The signal that kicks a vCPU's thread out of KVM_RUN. Its handler does
 * nothing: the point is the interruption (KVM_RUN returns EINTR). */
#define STOPPER_SIGNAL SIGUSR1

struct stopper {
    pthread_t thread;    /* the vCPU's thread: the one calling KVM_RUN */
    struct kvm_run *run; /* its kvm_run, for immediate_exit */
    atomic_bool stop;    /* asked to stop */
    atomic_bool left;    /* the thread is out of KVM_RUN for good */
    sigset_t saved_mask; /* the thread's mask before stopper_attach() */
};

/* In the calling thread: install STOPPER_SIGNAL's (empty) handler, with
 * no SA_RESTART, and unblock the signal in this thread only, saving the
 * old mask in *saved (or not, if NULL). Returns 0, or -1 with errno.
 * Introduced in chapter 13 (its per-call timer sends the same signal). */
int stopper_signal_take(sigset_t *saved);

/* In the vCPU's thread, before its first KVM_RUN: remember the thread,
 * install the (empty) handler and unblock STOPPER_SIGNAL in this thread.
 * Returns 0, or -1 with errno set. */
int stopper_attach(struct stopper *stopper, struct kvm_run *run);

/* Has someone asked this vCPU to stop? For the run loop, after EINTR. */
bool stopper_stop_requested(struct stopper *stopper);

/* In the vCPU's thread, when it will not call KVM_RUN again: ends the
 * re-sending, puts back the thread's signal mask and clears
 * immediate_exit. */
void stopper_detach(struct stopper *stopper);

/* From any other thread: stop the vCPU, and return when its thread has
 * left KVM_RUN (called stopper_detach()). Returns 0, or -1 with errno set
 * (the thread is gone: ESRCH). */
int stopper_stop(struct stopper *stopper);

struct watchdog {
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t wake;          /* signalled by watchdog_cancel() */
    struct timespec deadline;     /* on CLOCK_MONOTONIC */
    struct stopper **stoppers;    /* whom to stop at the deadline */
    int count;
    bool cancelled;               /* under lock */
    atomic_bool fired;            /* the deadline passed */
};

/* Start a thread that stops every one of `count` stoppers after `seconds`
 * (a millisecond or more), unless cancelled first. Returns 0, or -1 with
 * errno set. */
int watchdog_start(struct watchdog *watchdog, double seconds,
                   struct stopper **stoppers, int count);

/* Call it once every vCPU thread has detached its stopper: ends the
 * watchdog's thread and waits for it. Returns whether the deadline
 * passed (the time limit stopped the guest). */
bool watchdog_cancel(struct watchdog *watchdog);

#endif
