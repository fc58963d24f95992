/*
 * Exercise 05.1: a plausible wrong answer, which the test must reject. The
 * indexes are in the right places, but PML4 entries 256 to 511 give
 * addresses such as 0x0000800000000000, which are not canonical: bits 63
 * to 48 do not repeat bit 47.
 */
#include <stdint.h>

uint64_t virtual_address(unsigned pml4, unsigned pdpt, unsigned pd, unsigned pt)
{
    return (uint64_t)pml4 << 39 | (uint64_t)pdpt << 30 | (uint64_t)pd << 21 |
           (uint64_t)pt << 12;
}
