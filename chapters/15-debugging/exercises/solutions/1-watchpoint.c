/*
 * Exercise 15.1: a reference solution.
 */
#include <stdint.h>

#include "guest_debug.h"

uint64_t dr7_watch_writes(int slot, int length)
{
    uint64_t len;

    switch (length) {
    case 1: len = 0x0; break;
    case 2: len = 0x1; break;
    case 4: len = 0x3; break;
    case 8: len = 0x2; break;
    default: return 0;
    }
    if (slot < 0 || slot >= GUEST_DEBUG_SLOTS)
        return 0;
    return DR7_LOCAL_ENABLE(slot) | DR7_RW_WRITE << DR7_RW_SHIFT(slot) |
           len << DR7_LEN_SHIFT(slot);
}
