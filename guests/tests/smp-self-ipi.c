/*
 * smp-self-ipi.c - an application processor that sends itself IPIs in a
 * loop, with interrupts on and a handler that acknowledges each one: an
 * interrupt storm that only the time limit ends.
 */
#include "idt.h"
#include "interrupts.h"
#include "kvm101.h"
#include "smp.h"

static volatile int never;

static void on_interrupt(unsigned vector)
{
    (void)vector;
    apic_eoi();
}

static void storm(unsigned id)
{
    interrupts_on();
    for (;;)
        apic_send_ipi(id);
}

static void on_exception(struct exception_frame *frame)
{
    (void)frame;
    hc_exit(3);
}

int main(void)
{
    idt_install(on_exception);
    interrupts_install(on_interrupt);
    apic_map();
    smp_start_ap(1, storm);
    while (!never)
        __asm__ volatile("pause");
    return 0;
}
