/*
 * Exercise 11.1 (easy): the start-up IPI for an address.
 *
 * A SIPI starts an application processor in real mode at CS = V << 8,
 * IP = 0, where V is the 8-bit vector in the low byte of the command the
 * boot processor writes to its APIC's ICR. The rest of the command says
 * what kind of IPI it is: delivery mode 110b (start-up) in bits 8-10 and
 * the level bit 14 set, 0x4600 together (guests/lib/smp.c has the names).
 * Work out the ICR command that starts a processor at a physical address,
 * and refuse an address no SIPI can name.
 *
 * Hint: V * 4096 must be the address, so it must be a multiple of 4096
 * and V must fit in 8 bits: the address must lie below 1 MiB (0x100000).
 * 0x8000 gives 0x4608; 0x8100 and 0x100000 cannot be named.
 *
 * Book: book/11-smp.md, "The guest's side: starting an AP".
 * Check: make ex EX=11.1
 */
#include <stdint.h>

/* The ICR command (its low 32 bits) for a SIPI that starts a processor at
 * `address`, or 0 if no SIPI can start one there. */
uint32_t sipi_command(uint64_t address)
{
    (void)address;
    return 0; /* your code here */
}
