/*
 * Exercise 07.2: a plausible wrong answer, which the test must reject.
 * It reads like the definition, but both sums can wrap around 2^64: a
 * huge length makes address + length small again, and the check passes.
 */
#include <stdbool.h>
#include <stdint.h>

bool range_inside(uint64_t address, uint64_t length, uint64_t start,
                  uint64_t size)
{
    return address >= start && address + length <= start + size;
}
