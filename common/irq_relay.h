/*
 * irq_relay.h - a doorbell that never exits: a thread that waits on an
 * ioeventfd (signalled inside the kernel by the guest's port write) and
 * answers on an irqfd (an edge on an IRQ line, raised inside the kernel).
 * The guest's write and its interrupt both stay in the kernel; the thread
 * is the only user-space code involved. It notes when the first and last
 * rings came, to time them.
 *
 * Like every helper, these return -1 with errno set and never print.
 *
 * Introduced in chapter 10.
 */
#ifndef KVM101_IRQ_RELAY_H
#define KVM101_IRQ_RELAY_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "vm.h"

struct irq_relay {
    int doorbell; /* eventfd: signalled by the guest's write (ioeventfd) */
    int irq;      /* eventfd: a write pulses the line (irqfd) */
    atomic_bool stop;
    bool started; /* the thread exists: irq_relay_stop() joins it */
    unsigned long rings;
    double first, last; /* clock_now() at the first and the last ring */
    pthread_t thread;
};

/* Register a guest write of one byte to `port` as an ioeventfd, an irqfd
 * on `line`, and start the thread between them. Returns 0, or -1 with
 * errno set and *failed_step naming what failed (call irq_relay_stop()
 * either way: it releases what was made). */
int irq_relay_start(struct irq_relay *relay, struct vm *vm, uint16_t port,
                    unsigned line, const char **failed_step);

/* Stop the thread (if it was started) and close the eventfds. The VM may
 * still exist: KVM lets go of an eventfd when the VM does. */
void irq_relay_stop(struct irq_relay *relay);

#endif
