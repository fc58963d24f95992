/*
 * Exercise 15.1: a plausible wrong answer, which the test must reject.
 * R/W left at 00: an execution breakpoint at a data address, which the
 * guest never executes, so it never stops.
 */
#include <stdint.h>

#include "guest_debug.h"

uint64_t dr7_watch_writes(int slot, int length)
{
    uint64_t len = length == 8 ? 2 : length == 4 ? 3 : length == 2 ? 1 : 0;

    if (slot < 0 || slot >= GUEST_DEBUG_SLOTS ||
        (length != 1 && length != 2 && length != 4 && length != 8))
        return 0;
    return DR7_LOCAL_ENABLE(slot) | len << DR7_LEN_SHIFT(slot);
}
