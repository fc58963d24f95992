/*
 * idt.h - exceptions in a C guest: an interrupt descriptor table whose
 * first 32 entries (the CPU's exceptions) lead to one C function.
 *
 * Introduced in chapter 09.
 */
#ifndef KVM101_GUEST_IDT_H
#define KVM101_GUEST_IDT_H

#include <stdint.h>

// ANCHOR: frame
/* What vectors.S saves on the stack before it calls the handler, lowest
 * address first: our part, then what the CPU pushed. */
struct exception_frame {
    uint64_t rax, rbx, rcx, rdx, rsi, rdi, rbp;
    uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
    uint64_t vector;
    uint64_t error_code; /* pushed by the CPU, or a 0 pushed by us */
    uint64_t rip;        /* from here on, pushed by the CPU */
    uint64_t cs;
    uint64_t rflags;
    uint64_t rsp;
    uint64_t ss;
};
// ANCHOR_END: frame

/* Called for every exception, with interrupts off. Changing frame->rip
 * chooses where the guest goes on (iretq). */
typedef void (*exception_handler)(struct exception_frame *frame);

/* Fill the IDT's 32 exception gates and load it with lidt. */
void idt_install(exception_handler handler);

/* How many gates the IDT has: one per vector the CPU knows. */
#define IDT_VECTORS 256

/* Point vector's gate at `entry` (an interrupt gate, like the others);
 * the IDT is already loaded, so it takes effect at once. Vectors outside
 * 0-255 are ignored. Introduced in chapter 10. */
void idt_set_gate(int vector, void (*entry)(void));

/* Load the table on this processor too (an application processor: every
 * processor has its own IDTR). Introduced in chapter 11. */
void idt_load(void);

/* Load an IDT of size 0: every exception then becomes a triple fault. */
void idt_remove(void);

#endif
