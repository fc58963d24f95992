/*
 * vcpu_thread.h - several vCPUs, each with a thread of its own.
 *
 * api.rst asks for a vCPU's ioctls to come from the thread that created
 * it. So each thread here creates its vCPU, sets it up (a callback: the
 * boot vCPU gets long mode, the others nothing, as at power-on), and runs
 * it with chapter 03's run loop, its own kvm_run and its own stopper. The
 * calling thread only waits, and owns the time limit:
 *
 *   - the run ends when the first vCPU's run loop ends, whatever the
 *     reason (the guest exited, a triple fault, an exit nobody handles);
 *     every other vCPU is then stopped (stopper.c: immediate_exit and a
 *     signal to its thread);
 *   - or when the time limit passes: the watchdog stops them all.
 *
 * Either way each thread, out of KVM_RUN, reads its vCPU's MP_STATE (its
 * ioctl, its thread) and leaves; every thread is joined before
 * vcpu_threads_run() returns. A vCPU halted with an in-kernel local APIC
 * never leaves KVM_RUN by itself (the kernel keeps it until an interrupt
 * comes), so stopping is how a run with several vCPUs normally ends.
 *
 * Introduced in chapter 11.
 */
#ifndef KVM101_VCPU_THREAD_H
#define KVM101_VCPU_THREAD_H

#include <linux/kvm.h>
#include <pthread.h>
#include <stdbool.h>

#include "machine.h"
#include "run.h"
#include "stopper.h"
#include "vm.h"

struct vcpu_thread;

/* Called in the vCPU's thread after KVM_CREATE_VCPU, before the run.
 * Returns 0, or -1 with errno set and *failed_step naming what failed. */
typedef int (*vcpu_setup)(struct vcpu_thread *thread,
                          const char **failed_step);

struct vcpu_thread {
    /* Set by the caller. */
    int id;               /* the vCPU id; KVM makes it the APIC ID too */
    vcpu_setup setup;     /* or NULL */
    void *setup_context;  /* for setup(), as it likes */
    io_handler handler;   /* exits the run loop leaves (run.h), or NULL */
    void *context;        /* handler's */
    struct console console; /* COM1 output, with a prefix of its own */

    struct vcpu *vcpu;      /* where the thread creates its vCPU */

    /* Set by the thread; read them after vcpu_threads_run(). */
    const char *failed_step;  /* creation or setup failed: what */
    int error;                /* its errno, or RUN_FAILED's */
    bool ran;                 /* it got as far as KVM_RUN */
    enum run_outcome outcome; /* RUN_TIMED_OUT: it was stopped */
    struct run_stats stats;
    struct kvm_mp_state mp_state_before; /* before the first KVM_RUN */
    struct kvm_mp_state mp_state_after;  /* when it left the run loop */

    /* The thread's own. */
    pthread_t thread;
    bool started;
    struct stopper stopper;
    struct vcpu_group *group;
};

/* What vcpu_threads_run() shares with the threads. */
#define VCPU_THREADS_MAX 64 /* more than any chapter asks for */

struct vcpu_group {
    struct vm *vm;
    struct vcpu_thread *threads;
    int count;
    pthread_mutex_t lock;
    pthread_cond_t changed;
    int ready;      /* threads set up (or failed), under lock */
    int ended;      /* threads out of their run loop, under lock */
    struct vcpu_thread *first; /* under lock: whose loop ended first by
                                * itself (not stopped), or NULL */
    bool go, abort; /* under lock: run now / give up */
};

/* What ended the run. */
struct vcpu_threads_result {
    bool timed_out; /* the time limit stopped every vCPU */
    int first;      /* else: the index of the vCPU whose loop ended first,
                     * or -1 when set-up failed */
};

/* Start a thread for each of `count` vCPUs (at most VCPU_THREADS_MAX);
 * each creates and sets up its vCPU, reads its MP_STATE and waits.
 * Returns 0 when all are ready, or -1 with errno set when a thread could
 * not be started or a vCPU could not be created or set up (its
 * failed_step says which); then every thread has been joined already. */
int vcpu_threads_start(struct vcpu_group *group, struct vm *vm,
                       struct vcpu_thread *threads, int count);

/* Let them run together for at most `timeout` seconds, stop them all when
 * the first one ends (or the time is up), and join every thread. Returns
 * 0, with how it ended in *result and in each thread, or -1 with errno
 * set when the watchdog could not start (nobody ran). The vCPUs stay for
 * the caller to inspect and then vcpu_threads_destroy(). */
int vcpu_threads_run(struct vcpu_group *group, double timeout,
                     struct vcpu_threads_result *result);

/* For a guest_plan's create: machine_create_vm() and KVM_CREATE_IRQCHIP
 * (a local APIC for every vCPU, so that INIT and SIPI can reach them),
 * and no vCPU: the threads create theirs. Same returns. */
int vcpu_threads_machine_create(struct machine *machine,
                                uint64_t memory_size,
                                const char **failed_step);

/* A vcpu_setup for a vCPU that starts as at power-on: only what a real
 * processor has built in, the CPUID KVM supports (without it, a climb to
 * long mode faults at its wrmsr to EFER.LME: chapter 06). */
int vcpu_setup_cpuid(struct vcpu_thread *thread, const char **failed_step);

/* Close every vCPU vcpu_threads_run() created. */
void vcpu_threads_destroy(struct vcpu_thread *threads, int count);

/* KVM_MP_STATE_* by name: "RUNNABLE", "UNINITIALIZED", ... Pure. */
const char *vcpu_mp_state_name(unsigned state);

#endif
