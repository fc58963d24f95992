/*
 * Exercise 05.1: a plausible wrong answer, which the test must reject. It
 * shifts each index by 9 bits per level and forgets the 12-bit offset
 * below them all, so the PT index lands in the offset.
 */
#include <stdint.h>

uint64_t virtual_address(unsigned pml4, unsigned pdpt, unsigned pd, unsigned pt)
{
    uint64_t address =
        (uint64_t)pml4 << 27 | (uint64_t)pdpt << 18 | (uint64_t)pd << 9 | pt;

    if (address & (1ull << 47))
        address |= 0xffff000000000000ull;
    return address;
}
