/*
 * Exercise 07.2: a plausible wrong answer, which the test must reject.
 * It catches a range that wraps, but still computes the region's end,
 * which is 0 for a region that ends at 2^64: nothing fits there.
 */
#include <stdbool.h>
#include <stdint.h>

bool range_inside(uint64_t address, uint64_t length, uint64_t start,
                  uint64_t size)
{
    if (address + length < address)
        return false; /* the range wraps around 2^64 */
    return address >= start && address + length <= start + size;
}
