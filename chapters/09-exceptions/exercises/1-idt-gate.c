/*
 * Exercise 09.1 (easy): build an interrupt gate.
 *
 * Chapter 09's guest fills its IDT with a C structure (guests/lib/idt.c).
 * Build the same 16 bytes by hand, as a host would that sets up a guest's
 * IDT itself: a 64-bit interrupt gate for a handler at `handler`, in the
 * code segment `selector`, present, DPL 0, no IST.
 *
 * Hint: the handler's address is cut in three: bits 0-15 go to bytes 0-1,
 * bits 16-31 to bytes 6-7, bits 32-63 to bytes 8-11, each little-endian.
 * The selector is bytes 2-3, the IST byte 4, the type byte 5 (0x8e:
 * present, DPL 0, type 0xE), and bytes 12-15 are reserved: zero. A 64-bit
 * handler can live above 4 GiB (a kernel's usually does).
 *
 * Book: book/09-exceptions.md, "The IDT in 64-bit mode".
 * Check: make ex EX=09.1
 */
#include <stdint.h>

/* Fill gate[0..15] with a 64-bit interrupt gate for `handler`. */
void idt_gate_make(uint8_t gate[16], uint64_t handler, uint16_t selector)
{
    (void)gate;
    (void)handler;
    (void)selector;
    /* your code here */
}
