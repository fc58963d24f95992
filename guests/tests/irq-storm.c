/*
 * irq-storm.c - a chapter 10 guest that asks for interrupts as fast as it
 * can and never finishes: with the irqchip (part 2) it sets the PIT to its
 * shortest period (a divisor of 1) and waits for ticks forever. (Part 1 it
 * passes: it exits at once.) The time limit must
 * stop it, in one line, whatever the rate (tests/faults/interrupts.c).
 */
#include "idt.h"
#include "interrupts.h"
#include "irq_ports.h"
#include "kvm101.h"

static volatile uint32_t ticks;
static int have_pic;

static void handler(unsigned vector)
{
    ticks++;
    if (have_pic)
        pic_eoi(vector - IRQ_VECTOR_BASE);
}

static void exception(struct exception_frame *frame)
{
    (void)frame;
    hc_exit(1);
}

int main(void)
{
    char config[32];

    idt_install(exception);
    interrupts_install(handler);
    hc_get_config(config, sizeof(config));
    if (strcmp(config, "irqchip") != 0)
        return 0;
    have_pic = 1;
    pic_init(IRQ_VECTOR_BASE, 1 << IRQ_TIMER_LINE);
    pit_start(~0u); /* the divisor comes out as 1: the fastest */
    printf("storming (%s)\n", config);
    for (;;)
        wait_for_change(&ticks, ticks);
}
