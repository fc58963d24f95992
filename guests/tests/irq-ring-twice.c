/*
 * irq-ring-twice.c - a chapter 10 guest that rings the doorbell twice with
 * IF=0, so the second request comes while the first is still pending.
 * Without an irqchip the host holds one pending vector, as an edge line
 * holds one request: the two merge into one interrupt, and KVM_INTERRUPT
 * is never called while KVM still holds a vector (which would replace it).
 * It exits 0 if it took exactly one (tests/faults/interrupts.c).
 */
#include "idt.h"
#include "interrupts.h"
#include "irq_ports.h"
#include "kvm101.h"

#define SETTLE 3 /* halts after the first interrupt: a second would land */

static volatile uint32_t taken, ticks;

static void handler(unsigned vector)
{
    if (vector == IRQ_VECTOR_BASE + IRQ_DOORBELL_LINE)
        taken++;
    else
        ticks++;
}

static void exception(struct exception_frame *frame)
{
    (void)frame;
    hc_exit(100);
}

int main(void)
{
    char config[32];

    idt_install(exception);
    interrupts_install(handler);
    hc_get_config(config, sizeof(config));
    if (strcmp(config, "inject") != 0)
        return 0;
    interrupts_off();
    outb(IRQ_DOORBELL_PORT, IRQ_DOORBELL_LINE);
    outb(IRQ_DOORBELL_PORT, IRQ_DOORBELL_LINE);
    wait_for_change(&taken, 0);
    /* Each halt now brings a timer tick: time for a second doorbell
     * interrupt to arrive, if the host had queued one. */
    while (ticks < SETTLE)
        wait_for_change(&ticks, ticks);
    printf("took %u doorbell interrupts for two rings\n", taken);
    return taken == 1 ? 0 : 2;
}
