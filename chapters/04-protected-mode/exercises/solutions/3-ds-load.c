/*
 * Exercise 04.3 (hard): will `mov ds, ax` fault? A reference solution,
 * following the checks of MOV in the Intel SDM, Vol. 2B ("MOV - Move",
 * the operation for DS, ES, FS and GS).
 */
#include <stdbool.h>
#include <stdint.h>

#include "protected_mode.h"
#include "segment.h"

#define SEG_TYPE_CODE_CONFORMING 0x4 /* type bit 2, in a code segment */

bool ds_load_succeeds(const struct gdt *gdt, uint16_t selector, int cpl)
{
    unsigned index = selector >> 3;
    int rpl = selector & 3;
    uint8_t access, type;
    bool conforming;
    int dpl;

    if (index == 0 && !(selector & 4))
        return true; /* null: loaded; a later access through DS faults */
    /* No LDT here; and GDTR.limit = count * 8 - 1 covers entries 0 to
     * count - 1. */
    if ((selector & 4) || index >= (unsigned)gdt->count)
        return false;
    access = gdt->entries[index] >> 40;
    type = access & 0xf;
    dpl = (access >> 5) & 3;
    if (!(access & SEG_S))
        return false; /* a system descriptor (TSS, LDT, gate) */
    if ((type & SEG_TYPE_CODE) && !(type & SEG_TYPE_CODE_READ))
        return false; /* execute-only code cannot be read */
    /* A conforming code segment may be used from any privilege level. */
    conforming = (type & SEG_TYPE_CODE) && (type & SEG_TYPE_CODE_CONFORMING);
    if (!conforming && (rpl > dpl || cpl > dpl))
        return false;
    return access & SEG_P; /* not present: #NP */
}
