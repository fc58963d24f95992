/*
 * vcpu_thread.c - several vCPUs, each with a thread of its own.
 * Introduced in chapter 11.
 */
#include <errno.h>
#include <sys/ioctl.h>

#include "cpuid.h"
#include "irq.h"
#include "vcpu_thread.h"

static int get_mp_state(struct vcpu *vcpu, struct kvm_mp_state *state)
{
    return ioctl(vcpu->fd, KVM_GET_MP_STATE, state);
}

/* In the vCPU's thread: create the vCPU and set it up. Returns 0, or -1
 * with thread->failed_step and thread->error set. */
static int create_and_set_up(struct vcpu_thread *thread)
{
    const char *failed_step;

    if (vcpu_create(thread->group->vm, thread->id, thread->vcpu,
                    &failed_step) < 0 ||
        (thread->setup && thread->setup(thread, &failed_step) < 0) ||
        (failed_step = "KVM_GET_MP_STATE",
         get_mp_state(thread->vcpu, &thread->mp_state_before) < 0) ||
        (failed_step = "installing the stop signal",
         stopper_attach(&thread->stopper, thread->vcpu->run) < 0)) {
        thread->failed_step = failed_step;
        thread->error = errno;
        return -1;
    }
    return 0;
}

/* In the vCPU's thread: say we are ready, and wait for the word to go. */
static bool ready_and_wait(struct vcpu_group *group)
{
    bool go;

    pthread_mutex_lock(&group->lock);
    group->ready++;
    pthread_cond_broadcast(&group->changed);
    while (!group->go && !group->abort)
        pthread_cond_wait(&group->changed, &group->lock);
    go = !group->abort;
    pthread_mutex_unlock(&group->lock);
    return go;
}

/* A run that one vCPU ended (not the time limit) stops the others where
 * they are: an AP may be a few instructions short of the halt its work
 * ends in, or descheduled just before it. Let such a vCPU run on, a few
 * milliseconds at a time for SETTLE_TRIES turns at most, until its MP
 * state is no longer RUNNABLE, so that the state says where its work
 * ended rather than when we happened to stop it. A vCPU that really
 * spins costs SETTLE_TRIES * SETTLE_SECONDS more. */
#define SETTLE_SECONDS 0.005
#define SETTLE_TRIES 20

static bool run_ended_by_a_vcpu(struct vcpu_group *group)
{
    bool ended;

    pthread_mutex_lock(&group->lock);
    ended = group->first != NULL;
    pthread_mutex_unlock(&group->lock);
    return ended;
}

// ANCHOR: settle
static void settle(struct vcpu_thread *thread)
{
    for (int i = 0; i < SETTLE_TRIES &&
                    thread->mp_state_after.mp_state == KVM_MP_STATE_RUNNABLE;
         i++) {
        struct run_stats stats;
        enum run_outcome outcome = run_with_handler(
            thread->vcpu, &thread->console, SETTLE_SECONDS, &stats,
            thread->handler, thread->context);

        if (get_mp_state(thread->vcpu, &thread->mp_state_after) < 0 ||
            outcome != RUN_TIMED_OUT)
            return; /* it ended some other way: leave it there */
    }
}
// ANCHOR_END: settle

// ANCHOR: vcpu_main
static void *vcpu_main(void *argument)
{
    struct vcpu_thread *thread = argument;
    struct vcpu_group *group = thread->group;
    bool set_up = create_and_set_up(thread) == 0;

    if (ready_and_wait(group) && set_up) {
        thread->ran = true;
        thread->outcome = run_vcpu(thread->vcpu, &thread->console,
                                   &thread->stats, thread->handler,
                                   thread->context, &thread->stopper);
        thread->error = errno;
        console_flush(&thread->console);
        /* Out of KVM_RUN: now its state can be read, by its own thread. */
        if (get_mp_state(thread->vcpu, &thread->mp_state_after) < 0)
            thread->mp_state_after.mp_state = ~0u;
    }
    if (set_up)
        stopper_detach(&thread->stopper); /* stopper_stop() may return */
    if (thread->ran && thread->outcome == RUN_TIMED_OUT &&
        run_ended_by_a_vcpu(group))
        settle(thread);
    pthread_mutex_lock(&group->lock);
    if (thread->ran && thread->outcome != RUN_TIMED_OUT && !group->first)
        group->first = thread;
    group->ended++;
    pthread_cond_broadcast(&group->changed);
    pthread_mutex_unlock(&group->lock);
    return NULL;
}
// ANCHOR_END: vcpu_main

static void group_set(struct vcpu_group *group, bool *flag)
{
    pthread_mutex_lock(&group->lock);
    *flag = true;
    pthread_cond_broadcast(&group->changed);
    pthread_mutex_unlock(&group->lock);
}

/* Wait until *counter reaches `value`. */
static void group_wait(struct vcpu_group *group, int *counter, int value)
{
    pthread_mutex_lock(&group->lock);
    while (*counter < value)
        pthread_cond_wait(&group->changed, &group->lock);
    pthread_mutex_unlock(&group->lock);
}

/* Start one thread per vCPU. Returns how many were started. */
static int start_threads(struct vcpu_group *group,
                         struct vcpu_thread *threads, int count)
{
    for (int i = 0; i < count; i++) {
        struct vcpu_thread *thread = &threads[i];
        int err;

        thread->group = group;
        *thread->vcpu = (struct vcpu){.fd = -1};
        thread->failed_step = NULL;
        thread->ran = false;
        err = pthread_create(&thread->thread, NULL, vcpu_main, thread);
        thread->started = err == 0;
        if (err) {
            thread->failed_step = "starting a vCPU thread";
            thread->error = err;
            return i;
        }
    }
    return count;
}

/* The first thread whose set-up failed, or NULL. */
static struct vcpu_thread *first_failure(struct vcpu_thread *threads,
                                         int count)
{
    for (int i = 0; i < count; i++)
        if (threads[i].failed_step)
            return &threads[i];
    return NULL;
}

static void join_threads(struct vcpu_thread *threads, int count)
{
    for (int i = 0; i < count; i++)
        if (threads[i].started)
            pthread_join(threads[i].thread, NULL);
}

// ANCHOR: run_together
/* Let them run; stop them all when one ends or the time is up. Returns
 * the index of the vCPU that ended first. */
static int run_together(struct vcpu_group *group, struct vcpu_thread *threads,
                        int count)
{
    group_set(group, &group->go);
    group_wait(group, &group->ended, 1);
    for (int i = 0; i < count; i++)
        stopper_stop(&threads[i].stopper); /* returns once it is out */
    group_wait(group, &group->ended, count);
    /* Every loop has ended: the first to end by itself, if any, did. */
    return group->first ? (int)(group->first - threads) : -1;
}
// ANCHOR_END: run_together

int vcpu_threads_start(struct vcpu_group *group, struct vm *vm,
                       struct vcpu_thread *threads, int count)
{
    struct vcpu_thread *failed;
    int started;

    *group = (struct vcpu_group){.vm = vm, .threads = threads,
                                 .count = count};
    pthread_mutex_init(&group->lock, NULL);
    pthread_cond_init(&group->changed, NULL);
    started = start_threads(group, threads, count);
    group_wait(group, &group->ready, started);
    failed = first_failure(threads, count);
    if (!failed)
        return 0;
    group_set(group, &group->abort); /* nobody runs */
    join_threads(threads, count);
    pthread_cond_destroy(&group->changed);
    pthread_mutex_destroy(&group->lock);
    errno = failed->error;
    return -1;
}

int vcpu_threads_run(struct vcpu_group *group, double timeout,
                     struct vcpu_threads_result *result)
{
    struct vcpu_thread *threads = group->threads;
    struct stopper *stoppers[VCPU_THREADS_MAX];
    struct watchdog watchdog;
    int count = group->count, saved_errno = 0, status = 0;

    *result = (struct vcpu_threads_result){.first = -1};
    for (int i = 0; i < count; i++)
        stoppers[i] = &threads[i].stopper;
    if (watchdog_start(&watchdog, timeout, stoppers, count) < 0) {
        saved_errno = errno;
        status = -1;
        group_set(group, &group->abort);
    } else {
        result->first = run_together(group, threads, count);
        result->timed_out = watchdog_cancel(&watchdog);
    }
    join_threads(threads, count);
    pthread_cond_destroy(&group->changed);
    pthread_mutex_destroy(&group->lock);
    errno = saved_errno;
    return status;
}

int vcpu_threads_machine_create(struct machine *machine,
                                uint64_t memory_size,
                                const char **failed_step)
{
    if (machine_create_vm(machine, memory_size, failed_step) < 0)
        return -1;
    *failed_step = "KVM_CREATE_IRQCHIP";
    if (vm_create_irqchip(&machine->vm) < 0) {
        machine_destroy(machine);
        return -1;
    }
    return 0;
}

int vcpu_setup_cpuid(struct vcpu_thread *thread, const char **failed_step)
{
    struct cpuid_result cpuid;

    return cpuid_set_supported(thread->vcpu->vm->kvm_fd, thread->vcpu,
                               &cpuid, failed_step);
}

void vcpu_threads_destroy(struct vcpu_thread *threads, int count)
{
    for (int i = 0; i < count; i++)
        vcpu_destroy(threads[i].vcpu);
}

const char *vcpu_mp_state_name(unsigned state)
{
    static const char *const names[] = {
        [KVM_MP_STATE_RUNNABLE] = "RUNNABLE",
        [KVM_MP_STATE_UNINITIALIZED] = "UNINITIALIZED",
        [KVM_MP_STATE_INIT_RECEIVED] = "INIT_RECEIVED",
        [KVM_MP_STATE_HALTED] = "HALTED",
        [KVM_MP_STATE_SIPI_RECEIVED] = "SIPI_RECEIVED",
    };

    if (state < sizeof(names) / sizeof(names[0]) && names[state])
        return names[state];
    return "unknown";
}
