/*
 * Exercise 04.2 (moderate): a data segment of any size. A reference
 * solution.
 */
#include <stdint.h>

#include "segment.h"

#define DATA_ACCESS (SEG_P | SEG_S | SEG_TYPE_DATA_WRITE | SEG_TYPE_ACCESSED)

uint64_t data_descriptor(uint32_t base, uint64_t size)
{
    if (size == 0 || size > 0x100000000ull)
        return 0;
    /* Up to 1 MiB the 20-bit field holds the last offset in bytes. */
    if (size <= 0x100000)
        return x86_descriptor(base, size - 1, DATA_ACCESS, SEG_DB);
    /* Beyond, it counts pages: the last page's number, and the CPU adds
     * the 0xfff that makes the byte limit. */
    if (size % 0x1000)
        return 0;
    return x86_descriptor(base, (size >> 12) - 1, DATA_ACCESS, SEG_G | SEG_DB);
}
