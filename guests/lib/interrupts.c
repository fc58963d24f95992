/*
 * interrupts.c - gates for vectors 32-47, the 8259A PICs, the 8254 PIT.
 * Introduced in chapter 10.
 */
#include "idt.h"
#include "interrupts.h"

interrupt_handler the_interrupt_handler; /* interrupts.S calls it */
extern char interrupt_vectors[];         /* 16 entries, 16 bytes apart */

void interrupts_install(interrupt_handler handler)
{
    the_interrupt_handler = handler;
    for (int i = 0; i < INTERRUPT_VECTORS; i++)
        idt_set_gate(INTERRUPT_FIRST_VECTOR + i,
                     (void (*)(void))(interrupt_vectors + 16 * i));
}

// ANCHOR: pic
/* The two 8259As: the master's ports, and the slave's, which is wired to
 * the master's input 2 (so lines 8-15 reach the CPU through line 2). */
#define PIC_MASTER_COMMAND 0x20
#define PIC_MASTER_DATA 0x21
#define PIC_SLAVE_COMMAND 0xa0
#define PIC_SLAVE_DATA 0xa1
#define PIC_CASCADE_LINE 2

#define ICW1_INIT 0x10      /* start the initialization sequence */
#define ICW1_NEED_ICW4 0x01 /* edge-triggered, cascaded, ICW4 follows */
#define ICW4_8086 0x01      /* 8086 mode: the PIC supplies the vector */
#define OCW2_EOI 0x20       /* non-specific end of interrupt */

void pic_init(uint8_t base, uint16_t enabled)
{
    outb(PIC_MASTER_COMMAND, ICW1_INIT | ICW1_NEED_ICW4);
    outb(PIC_MASTER_DATA, base);                       /* ICW2: vectors */
    outb(PIC_MASTER_DATA, 1 << PIC_CASCADE_LINE);      /* ICW3: slave */
    outb(PIC_MASTER_DATA, ICW4_8086);
    outb(PIC_SLAVE_COMMAND, ICW1_INIT | ICW1_NEED_ICW4);
    outb(PIC_SLAVE_DATA, base + 8);
    outb(PIC_SLAVE_DATA, PIC_CASCADE_LINE);            /* ICW3: my line */
    outb(PIC_SLAVE_DATA, ICW4_8086);
    /* OCW1: a set bit masks a line. The cascade stays open if any slave
     * line is enabled. */
    if (enabled >> 8)
        enabled |= 1 << PIC_CASCADE_LINE;
    outb(PIC_MASTER_DATA, ~enabled & 0xff);
    outb(PIC_SLAVE_DATA, ~enabled >> 8);
}

void pic_eoi(unsigned line)
{
    if (line >= 8)
        outb(PIC_SLAVE_COMMAND, OCW2_EOI);
    outb(PIC_MASTER_COMMAND, OCW2_EOI);
}
// ANCHOR_END: pic

// ANCHOR: pit
#define PIT_CHANNEL0 0x40
#define PIT_MODE 0x43
#define PIT_INPUT_HZ 1193182 /* the 8254's input clock on a PC */
/* Channel 0, low byte then high byte, mode 2 (rate generator), binary. */
#define PIT_CHANNEL0_RATE 0x34
#define PIT_MIN_DIVISOR 2 /* mode 2 cannot count from 1 */
#define PIT_MAX_DIVISOR 65535

void pit_start(unsigned hz)
{
    /* The nearest divisor: truncating would make every rate fast. */
    unsigned divisor = hz ? (PIT_INPUT_HZ + hz / 2) / hz : PIT_MAX_DIVISOR;

    if (divisor > PIT_MAX_DIVISOR)
        divisor = PIT_MAX_DIVISOR;
    if (divisor < PIT_MIN_DIVISOR)
        divisor = PIT_MIN_DIVISOR;
    outb(PIT_MODE, PIT_CHANNEL0_RATE);
    outb(PIT_CHANNEL0, divisor & 0xff);
    outb(PIT_CHANNEL0, divisor >> 8);
}
// ANCHOR_END: pit

// ANCHOR: wait
void wait_for_change(volatile uint32_t *counter, uint32_t seen)
{
    for (;;) {
        interrupts_off();
        if (*counter != seen)
            break;
        /* sti takes effect after the next instruction: an interrupt that
         * is already waiting is taken after hlt starts, and wakes it. */
        __asm__ volatile("sti\n\thlt" : : : "memory");
    }
    interrupts_on();
}
// ANCHOR_END: wait
