/*
 * Exercise 15.1: a plausible wrong answer, which the test must reject.
 * LEN as length - 1: right for 1, 2 and 4 bytes, but 8 gives 7, which
 * spills into the next slot's R/W field.
 */
#include <stdint.h>

#include "guest_debug.h"

uint64_t dr7_watch_writes(int slot, int length)
{
    if (slot < 0 || slot >= GUEST_DEBUG_SLOTS ||
        (length != 1 && length != 2 && length != 4 && length != 8))
        return 0;
    return DR7_LOCAL_ENABLE(slot) | DR7_RW_WRITE << DR7_RW_SHIFT(slot) |
           (uint64_t)(length - 1) << DR7_LEN_SHIFT(slot);
}
