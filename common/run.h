/*
 * run.h - the run loop: KVM_RUN until the guest halts, writing what it sends
 * to the serial port to our stdout, and stopping it after a time limit.
 *
 * Introduced in chapter 03.
 */
#ifndef KVM101_RUN_H
#define KVM101_RUN_H

#include <stddef.h>
#include <stdio.h>

#include "vcpu.h"

struct stopper; /* stopper.h */

/* The data port of the first PC serial port, COM1. A byte written here is
 * a character of output. */
#define COM1_PORT 0x3f8

/* The guest's console: bytes written to COM1, printed a line at a time as
 * "guest> ..." so they never mix with the host's own lines. */
struct console {
    FILE *out;
    const char *prefix; /* "guest> "; chapter 11 names the vCPU */
    size_t length;
    char line[256];
};

void console_init(struct console *console, FILE *out);
void console_write(struct console *console, const char *data, size_t size);
void console_flush(struct console *console); /* print a partial line */

enum run_outcome {
    RUN_HALTED,         /* the guest executed HLT */
    RUN_TIMED_OUT,      /* still running after the time limit */
    RUN_UNHANDLED_EXIT, /* an exit this loop does not handle: see vcpu->run */
    RUN_FAILED,         /* KVM_RUN itself failed: errno is set */
    RUN_STOPPED,        /* an I/O handler ended the run (chapter 07) */
};

struct run_stats {
    unsigned long exits; /* every return from KVM_RUN, the halt included */
};

// ANCHOR: io_handler
/* What an I/O handler made of an exit: a KVM_EXIT_IO the console did not
 * take, or a KVM_EXIT_MMIO (chapter 08). */
enum io_result {
    IO_HANDLED, /* done: run the guest again */
    IO_STOP,    /* done, and the run is over (RUN_STOPPED) */
    IO_NOT_MINE /* not a port this handler serves (RUN_UNHANDLED_EXIT) */
};

typedef enum io_result (*io_handler)(struct vcpu *vcpu, void *context);
// ANCHOR_END: io_handler

/* run_until_halt() with a handler for the chapter's own devices: port I/O
 * the console does not take, and MMIO, go to handler(vcpu, context).
 * Introduced in chapter 07. */
enum run_outcome run_with_handler(struct vcpu *vcpu, struct console *console,
                                  double timeout, struct run_stats *stats,
                                  io_handler handler, void *context);

/* The run loop alone, for a caller that owns the time limit (chapter 11:
 * one watchdog for every vCPU thread). Call it from the vCPU's thread,
 * with `stopper` attached there (stopper_attach()); it returns
 * RUN_TIMED_OUT when someone stopped the vCPU with stopper_stop().
 * Sets kvm_run's sync_regs as run_with_handler() does. Introduced in
 * chapter 11. */
enum run_outcome run_vcpu(struct vcpu *vcpu, struct console *console,
                          struct run_stats *stats, io_handler handler,
                          void *context, struct stopper *stopper);

/* Run the vCPU until it halts, for at most `timeout` seconds. Guest output
 * on COM1 goes to the console. After it returns, vcpu->run->s.regs holds
 * the guest's registers (kvm_run's sync_regs) and vcpu->run the last exit. */
enum run_outcome run_until_halt(struct vcpu *vcpu, struct console *console,
                                double timeout, struct run_stats *stats);

#endif
