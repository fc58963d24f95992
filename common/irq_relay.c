/*
 * irq_relay.c - an ioeventfd answered on an irqfd by a thread.
 * Introduced in chapter 10.
 */
#include <errno.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "clock.h"
#include "irq.h"
#include "irq_relay.h"

// ANCHOR: relay_loop
static void *relay_loop(void *context)
{
    struct irq_relay *relay = context;
    uint64_t count, one = 1;

    while (read(relay->doorbell, &count, sizeof(count)) == sizeof(count) &&
           !atomic_load(&relay->stop)) {
        relay->last = clock_now();
        if (relay->rings == 0)
            relay->first = relay->last;
        relay->rings += count; /* rings since the last read */
        if (write(relay->irq, &one, sizeof(one)) != sizeof(one))
            break;
    }
    return NULL;
}
// ANCHOR_END: relay_loop

// ANCHOR: relay_start
int irq_relay_start(struct irq_relay *relay, struct vm *vm, uint16_t port,
                    unsigned line, const char **failed_step)
{
    *relay = (struct irq_relay){.doorbell = eventfd(0, EFD_CLOEXEC),
                                .irq = eventfd(0, EFD_CLOEXEC)};
    *failed_step = "eventfd";
    if (relay->doorbell < 0 || relay->irq < 0)
        return -1;
    *failed_step = "KVM_IOEVENTFD";
    if (vm_ioeventfd(vm, relay->doorbell, port, 1) < 0)
        return -1;
    *failed_step = "KVM_IRQFD";
    if (vm_irqfd(vm, relay->irq, line) < 0)
        return -1;
    *failed_step = "pthread_create";
    errno = pthread_create(&relay->thread, NULL, relay_loop, relay);
    relay->started = errno == 0;
    return relay->started ? 0 : -1;
}
// ANCHOR_END: relay_start

void irq_relay_stop(struct irq_relay *relay)
{
    uint64_t one = 1;

    /* The thread sleeps in read(): wake it with a ring of our own, which
     * it sees after the stop flag. */
    if (relay->started) {
        atomic_store(&relay->stop, true);
        if (write(relay->doorbell, &one, sizeof(one)) == sizeof(one))
            pthread_join(relay->thread, NULL);
        relay->started = false;
    }
    if (relay->doorbell >= 0)
        close(relay->doorbell);
    if (relay->irq >= 0)
        close(relay->irq);
    relay->doorbell = relay->irq = -1;
}
