/*
 * Exercise 04.2: a plausible wrong answer, which the test must reject. It
 * scales by G, but stores the number of pages rather than the last page's
 * number: the CPU's limit is then 4 KiB too large.
 */
#include <stdint.h>

#include "segment.h"

#define DATA_ACCESS (SEG_P | SEG_S | SEG_TYPE_DATA_WRITE | SEG_TYPE_ACCESSED)

uint64_t data_descriptor(uint32_t base, uint64_t size)
{
    if (size == 0 || size > 0x100000000ull)
        return 0;
    if (size <= 0x100000)
        return x86_descriptor(base, size - 1, DATA_ACCESS, SEG_DB);
    if (size % 0x1000)
        return 0;
    return x86_descriptor(base, size >> 12, DATA_ACCESS, SEG_G | SEG_DB);
}
