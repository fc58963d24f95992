/*
 * Exercise 06.1: a plausible wrong answer, which the test must reject. It
 * stores the table's size as the limit; the CPU takes the limit as the
 * last valid byte, so GDTR covers one byte too many.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

size_t gdt_pointer(uint8_t *out, uint64_t base, unsigned entries, int bits)
{
    uint16_t limit = entries * 8;
    size_t base_bytes = bits == 64 ? 8 : 4;

    memcpy(out, &limit, 2);
    memcpy(out + 2, &base, base_bytes); /* x86 is little-endian too */
    return 2 + base_bytes;
}
