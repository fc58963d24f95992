/*
 * Exercise 04.2: a plausible wrong answer, which the test must reject. It
 * forgets G: the limit is always in bytes, and for a segment larger than
 * 1 MiB x86_descriptor() keeps only its low 20 bits.
 */
#include <stdint.h>

#include "segment.h"

uint64_t data_descriptor(uint32_t base, uint64_t size)
{
    if (size == 0 || size > 0x100000000ull)
        return 0;
    return x86_descriptor(
        base, size - 1, SEG_P | SEG_S | SEG_TYPE_DATA_WRITE | SEG_TYPE_ACCESSED,
        SEG_DB);
}
