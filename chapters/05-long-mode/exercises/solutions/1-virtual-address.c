/*
 * Exercise 05.1 (easy): the address behind four indexes. A reference
 * solution.
 */
#include <stdint.h>

uint64_t virtual_address(unsigned pml4, unsigned pdpt, unsigned pd, unsigned pt)
{
    uint64_t address = (uint64_t)pml4 << 39 | (uint64_t)pdpt << 30 |
                       (uint64_t)pd << 21 | (uint64_t)pt << 12;

    /* Canonical: copy bit 47 into bits 63-48. */
    if (address & (1ull << 47))
        address |= 0xffff000000000000ull;
    return address;
}
