/*
 * interrupts.h - interrupts in a C guest: IDT gates for vectors 32-47
 * leading to one C function, the two 8259A PICs that deliver lines 0-15 on
 * them, the 8254 PIT's channel 0, and waiting with `sti; hlt`.
 *
 * Introduced in chapter 10.
 */
#ifndef KVM101_GUEST_INTERRUPTS_H
#define KVM101_GUEST_INTERRUPTS_H

#include <stdint.h>

#define INTERRUPT_FIRST_VECTOR 32
#define INTERRUPT_VECTORS 16 /* 32-47: the PICs' 16 lines */

/* Called for each interrupt with its vector, interrupts off (an
 * interrupt gate clears IF). Keep it short. */
typedef void (*interrupt_handler)(unsigned vector);

/* Point the gates for vectors 32-47 at `handler`. Needs idt_install()
 * first (the IDT). Interrupts stay off until sti. */
void interrupts_install(interrupt_handler handler);

/* Program both PICs (ICW1-ICW4): line N arrives on vector base + N, and
 * only the lines whose bits are set in `enabled` are let through. */
void pic_init(uint8_t base, uint16_t enabled);

/* Tell the PIC(s) the interrupt from `line` is handled (a non-specific
 * EOI): until then it holds back that line and every lower-priority one. */
void pic_eoi(unsigned line);

/* Start the PIT's channel 0 as a rate generator: an interrupt on line 0
 * `hz` times a second (18 Hz at the slowest). */
void pit_start(unsigned hz);

/* Wait until *counter differs from `seen`, halting between interrupts:
 * cli, look, then `sti; hlt`, which no interrupt can come between. */
void wait_for_change(volatile uint32_t *counter, uint32_t seen);

static inline void outb(uint16_t port, uint8_t value)
{
    __asm__ volatile("out dx, al" : : "d"(port), "a"(value) : "memory");
}

static inline void interrupts_on(void)
{
    __asm__ volatile("sti" : : : "memory");
}

static inline void interrupts_off(void)
{
    __asm__ volatile("cli" : : : "memory");
}

#endif
