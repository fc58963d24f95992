/*
 * Exercise 04.3: a plausible wrong answer, which the test must reject. It
 * compares only the CPL with the DPL and forgets the RPL, the privilege
 * the selector itself asks for: at CPL 0 it would let selector 0x13 (RPL
 * 3) load a DPL 0 segment.
 */
#include <stdbool.h>
#include <stdint.h>

#include "protected_mode.h"
#include "segment.h"

bool ds_load_succeeds(const struct gdt *gdt, uint16_t selector, int cpl)
{
    unsigned index = selector >> 3;
    uint64_t descriptor;
    uint8_t access, type;

    if (index == 0 && !(selector & 4))
        return true;
    if ((selector & 4) || (int)index >= gdt->count)
        return false;
    descriptor = gdt->entries[index];
    access = descriptor >> 40;
    type = access & 0xf;
    if (!(access & SEG_S) ||
        ((type & SEG_TYPE_CODE) && !(type & SEG_TYPE_CODE_READ)))
        return false;
    if (!((type & SEG_TYPE_CODE) && (type & 0x4)) && cpl > ((access >> 5) & 3))
        return false;
    return access & SEG_P;
}
