/*
 * Exercise 04.3: a plausible wrong answer, which the test must reject. It
 * treats the null selector as an error, as it is for CS and SS; DS, ES, FS
 * and GS may hold it, and the CPU loads it without a fault.
 */
#include <stdbool.h>
#include <stdint.h>

#include "protected_mode.h"
#include "segment.h"

bool ds_load_succeeds(const struct gdt *gdt, uint16_t selector, int cpl)
{
    unsigned index = selector >> 3;
    int rpl = selector & 3;
    uint64_t descriptor;
    uint8_t access, type;
    int dpl;

    if (index == 0 || (selector & 4) || (int)index >= gdt->count)
        return false;
    descriptor = gdt->entries[index];
    access = descriptor >> 40;
    type = access & 0xf;
    dpl = (access >> 5) & 3;
    if (!(access & SEG_S) ||
        ((type & SEG_TYPE_CODE) && !(type & SEG_TYPE_CODE_READ)))
        return false;
    if (!((type & SEG_TYPE_CODE) && (type & 0x4)) && (rpl > dpl || cpl > dpl))
        return false;
    return access & SEG_P;
}
