/*
 * Exercise 07.2 (moderate): a buffer check that cannot be fooled.
 * A reference solution.
 */
#include <stdbool.h>
#include <stdint.h>

bool range_inside(uint64_t address, uint64_t length, uint64_t start,
                  uint64_t size)
{
    uint64_t offset;

    if (address < start)
        return false;
    offset = address - start; /* address >= start: no wrap */
    if (offset > size)
        return false;
    return length <= size - offset; /* offset <= size: no wrap */
}
