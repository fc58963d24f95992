/*
 * device_run.c - the run loop of a machine with devices.
 * Introduced in chapter 12.
 */
#include <errno.h>
#include <signal.h>
#include <sys/ioctl.h>

#include "device_run.h"
#include "exits.h"
#include "stopper.h"
#include "trace.h"

static volatile sig_atomic_t interrupted;
static struct kvm_run *volatile interrupted_run;

// ANCHOR: on_interrupt
/* SIGINT: remember it, and make KVM_RUN return (now, or at its next
 * entry). Only async-signal-safe work: two stores. */
static void on_interrupt(int signal_number)
{
    struct kvm_run *run = interrupted_run;

    (void)signal_number;
    interrupted = 1;
    if (run)
        run->immediate_exit = 1;
}
// ANCHOR_END: on_interrupt

static enum device_run_outcome loop(struct vcpu *vcpu, struct run_stats *stats,
                                    io_handler devices, void *context,
                                    struct stopper *stopper)
{
    struct kvm_run *run = vcpu->run;
    char text[160];

    for (;;) {
        if (ioctl(vcpu->fd, KVM_RUN, 0) < 0) {
            if (errno != EINTR)
                return DEVICE_RUN_FAILED;
            run->immediate_exit = 0;
            if (interrupted)
                return DEVICE_RUN_INTERRUPTED;
            if (stopper_stop_requested(stopper))
                return DEVICE_RUN_TIMED_OUT;
            continue;
        }
        stats->exits++;
        if (trace_enabled)
            trace("exit %lu at rip %#llx: %s", stats->exits,
                  (unsigned long long)run->s.regs.regs.rip,
                  exit_describe(text, sizeof(text), run));
        if (run->exit_reason != KVM_EXIT_IO &&
            run->exit_reason != KVM_EXIT_MMIO)
            return DEVICE_RUN_UNHANDLED;
        switch (devices(vcpu, context)) {
        case IO_HANDLED:
            break;
        case IO_STOP:
            return DEVICE_RUN_STOPPED;
        case IO_NOT_MINE:
            return DEVICE_RUN_UNHANDLED;
        }
    }
}

enum device_run_outcome device_run(struct vcpu *vcpu, double timeout,
                                   struct run_stats *stats,
                                   io_handler devices, void *context)
{
    struct sigaction action = {.sa_handler = on_interrupt}, saved;
    struct stopper stopper, *stoppers[] = {&stopper};
    enum device_run_outcome outcome = DEVICE_RUN_FAILED;
    struct watchdog watchdog;
    int saved_errno;

    vcpu->run->kvm_valid_regs = KVM_SYNC_X86_REGS | KVM_SYNC_X86_SREGS;
    *stats = (struct run_stats){0};
    interrupted = 0;
    interrupted_run = vcpu->run;
    sigemptyset(&action.sa_mask);
    if (sigaction(SIGINT, &action, &saved) < 0)
        return DEVICE_RUN_FAILED;
    if (stopper_attach(&stopper, vcpu->run) < 0)
        goto out;
    if (watchdog_start(&watchdog, timeout, stoppers, 1) < 0) {
        saved_errno = errno;
        stopper_detach(&stopper);
        errno = saved_errno;
        goto out;
    }
    outcome = loop(vcpu, stats, devices, context, &stopper);
    saved_errno = errno;
    stopper_detach(&stopper);
    watchdog_cancel(&watchdog);
    errno = saved_errno;
out:
    saved_errno = errno;
    interrupted_run = NULL;
    vcpu->run->immediate_exit = 0;
    sigaction(SIGINT, &saved, NULL);
    errno = saved_errno;
    return outcome;
}
