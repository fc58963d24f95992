/*
 * idt.c - an interrupt descriptor table for C guests: 32 gates, one per
 * exception vector, each leading to its entry in vectors.S.
 * Introduced in chapter 09.
 */
#include "idt.h"

// ANCHOR: gate
/* A 64-bit interrupt gate (Intel SDM Vol. 3A, 6.14.1): where the handler
 * is (its address split in three), which code segment it runs in, and the
 * gate's type. */
struct gate {
    uint16_t offset_low;
    uint16_t selector;
    uint8_t stack_table; /* IST: 0, stay on the current stack */
    uint8_t type;
    uint16_t offset_middle;
    uint32_t offset_high;
    uint32_t reserved;
} __attribute__((packed));

#define CODE_SELECTOR 0x08 /* long_mode_boot's 64-bit code segment */
#define INTERRUPT_GATE 0x8e /* present, DPL 0, type 0xe: IF cleared */
// ANCHOR_END: gate

/* What lidt loads: the table's size minus one, and its address. */
struct idt_register {
    uint16_t limit;
    uint64_t base;
} __attribute__((packed));

static struct gate idt[32] __attribute__((aligned(16)));
exception_handler the_handler; /* vectors.S calls it */
extern char exception_vectors[]; /* 32 entries, 16 bytes apart */

// ANCHOR: idt_install
void idt_install(exception_handler handler)
{
    struct idt_register idtr = {sizeof(idt) - 1, (uint64_t)idt};

    the_handler = handler;
    for (int vector = 0; vector < 32; vector++) {
        uint64_t entry = (uint64_t)exception_vectors + 16 * vector;

        idt[vector] = (struct gate){
            .offset_low = entry & 0xffff,
            .selector = CODE_SELECTOR,
            .type = INTERRUPT_GATE,
            .offset_middle = (entry >> 16) & 0xffff,
            .offset_high = entry >> 32,
        };
    }
    __asm__ volatile("lidt %0" : : "m"(idtr));
}
// ANCHOR_END: idt_install

void idt_remove(void)
{
    struct idt_register idtr = {0, 0};

    __asm__ volatile("lidt %0" : : "m"(idtr));
}
