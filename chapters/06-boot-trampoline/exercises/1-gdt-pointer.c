/*
 * Exercise 06.1 (easy): the operand of lgdt.
 *
 * The climb's `lgdt [climb_gdt_pointer]` reads GDTR's new value from
 * memory, in a layout of its own. Complete gdt_pointer() so that it
 * writes those bytes for a table of `entries` descriptors at `base`, for
 * code of 16, 32 or 64 bits, and says how many bytes lgdt reads.
 *
 * Hint: first the 16-bit limit, then the base, each little-endian (lowest
 * byte first). The limit, as in a segment, is the last valid offset: the
 * table's size in bytes minus one. In 16- and 32-bit code the base takes
 * 4 bytes (16-bit code uses only 24 bits of them), in 64-bit code 8.
 *
 * Book: book/06-boot-trampoline.md, "Real mode: 16-bit code at 0000:7c00".
 * Check: make ex EX=06.1
 */
#include <stddef.h>
#include <stdint.h>

/* Write the operand lgdt reads, in code of `bits` (16, 32 or 64), for a
 * GDT of `entries` (1 to 8192) 8-byte descriptors at linear address
 * `base`, to `out`. Returns how many bytes that is, and writes no more. */
size_t gdt_pointer(uint8_t *out, uint64_t base, unsigned entries, int bits)
{
    (void)out;
    (void)base;
    (void)entries;
    (void)bits;
    return 0; /* your code here */
}
