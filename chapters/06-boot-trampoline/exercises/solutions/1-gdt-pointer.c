/*
 * Exercise 06.1 (easy): the operand of lgdt. A reference solution.
 */
#include <stddef.h>
#include <stdint.h>

size_t gdt_pointer(uint8_t *out, uint64_t base, unsigned entries, int bits)
{
    uint16_t limit = entries * 8 - 1; /* the last valid byte */
    size_t base_bytes = bits == 64 ? 8 : 4;

    /* Byte by byte, lowest first: right whatever the host's byte order. */
    out[0] = limit & 0xff;
    out[1] = limit >> 8;
    for (size_t i = 0; i < base_bytes; i++)
        out[2 + i] = base >> (8 * i);
    return 2 + base_bytes;
}
