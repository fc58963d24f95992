/*
 * Exercise 06.1: a plausible wrong answer, which the test must reject. It
 * writes the 6-byte form in every mode; 64-bit code reads 8 bytes of base,
 * so the top half of the base comes from whatever follows in memory.
 */
#include <stddef.h>
#include <stdint.h>

size_t gdt_pointer(uint8_t *out, uint64_t base, unsigned entries, int bits)
{
    uint16_t limit = entries * 8 - 1;

    (void)bits;
    out[0] = limit & 0xff;
    out[1] = limit >> 8;
    for (int i = 0; i < 4; i++)
        out[2 + i] = base >> (8 * i);
    return 6;
}
