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

/* Room for every vector: chapter 10 adds gates for interrupts (32 on). */
static struct gate idt[IDT_VECTORS] __attribute__((aligned(16)));
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

/* Chapter 10: a gate for an interrupt vector, leading to `entry`. */
void idt_set_gate(int vector, void (*entry)(void))
{
    uint64_t address = (uint64_t)entry;

    if (vector < 0 || vector >= IDT_VECTORS)
        return;
    idt[vector] = (struct gate){
        .offset_low = address & 0xffff,
        .selector = CODE_SELECTOR,
        .type = INTERRUPT_GATE,
        .offset_middle = (address >> 16) & 0xffff,
        .offset_high = address >> 32,
    };
}

/* Chapter 11: another processor loads the same table. */
void idt_load(void)
{
    struct idt_register idtr = {sizeof(idt) - 1, (uint64_t)idt};

    __asm__ volatile("lidt %0" : : "m"(idtr));
}
