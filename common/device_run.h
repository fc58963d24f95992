/*
 * device_run.h - the run loop of a machine with devices (chapter 12's):
 * unlike run.c's, it gives every port and MMIO exit to the devices (COM1
 * is a whole UART now, not a byte sink), and besides the time limit it
 * stops on Ctrl-C.
 *
 * Ctrl-C: SIGINT is caught (no SA_RESTART) while device_run() runs; its
 * handler sets a flag and kvm_run's immediate_exit, so that KVM_RUN
 * returns EINTR at once, whether the signal lands inside it or just
 * before. Threads that must not take SIGINT block it (serial_host.c's
 * input thread and the watchdog do).
 *
 * Introduced in chapter 12.
 */
#ifndef KVM101_DEVICE_RUN_H
#define KVM101_DEVICE_RUN_H

#include "run.h"

enum device_run_outcome {
    DEVICE_RUN_STOPPED,     /* a device ended the run (IO_STOP) */
    DEVICE_RUN_TIMED_OUT,   /* still running after the time limit */
    DEVICE_RUN_INTERRUPTED, /* Ctrl-C (SIGINT) */
    DEVICE_RUN_UNHANDLED,   /* an exit no device took: see vcpu->run */
    DEVICE_RUN_FAILED,      /* KVM_RUN failed: errno is set */
};

/* Run until a device says stop, an exit nobody handles, `timeout`
 * seconds, or SIGINT. stats->exits counts every return from KVM_RUN. */
enum device_run_outcome device_run(struct vcpu *vcpu, double timeout,
                                   struct run_stats *stats,
                                   io_handler devices, void *context);

#endif
