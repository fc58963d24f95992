/*
 * Exercise 04.2 (moderate): a data segment of any size.
 *
 * Chapter 04's window is a 4 KiB data segment, and its flat segments cover
 * 4 GiB. Complete data_descriptor() so that it makes the descriptor of a
 * data segment of exactly `size` bytes from `base`: the offsets 0 to
 * size - 1 are inside it, and the CPU refuses offset `size`.
 *
 * Hint: the limit field has 20 bits and holds the last valid offset, not
 * the size. Up to 1 MiB it counts bytes (G = 0). Beyond, set G: the field
 * then counts 4 KiB pages, and the CPU makes the byte limit
 * (field << 12) | 0xfff, so the size must be a whole number of pages.
 * x86_descriptor() in common/segment.h places the fields.
 *
 * Book: book/04-protected-mode.md, "The limit, and G". Check: make ex EX=04.2
 */
#include <stdint.h>

#include "segment.h"

/* The descriptor of a present, writable, accessed data segment at DPL 0
 * with B = 1 (a 32-bit stack), covering exactly the `size` bytes from
 * `base`. Returns 0 when no descriptor can say that: size 0, more than
 * 4 GiB, or more than 1 MiB and not a whole number of 4 KiB pages. */
uint64_t data_descriptor(uint32_t base, uint64_t size)
{
    (void)base;
    (void)size;
    return 0; /* your code here */
}
