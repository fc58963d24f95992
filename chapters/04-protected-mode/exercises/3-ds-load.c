/*
 * Exercise 04.3 (hard): will `mov ds, ax` fault?
 *
 * Loading a data segment register is where protected mode protects: the
 * CPU checks the selector and its descriptor, and raises #GP (or #NP for
 * a segment that is not present) instead of loading one it must refuse.
 * Complete ds_load_succeeds() so that it predicts, without running
 * anything, whether `mov ds, ax` loads DS or faults.
 *
 * Hint: in the order the CPU checks: a null selector may be loaded into DS
 * (only a later access through DS faults); the entry must be in the GDT
 * (TI = 0, index * 8 + 7 <= the limit); it must be a code or data
 * descriptor (S = 1) that can be read: data, or code with the readable
 * bit; unless it is conforming code, both the CPL and the RPL must be
 * numerically no greater than its DPL; and it must be present.
 *
 * Book: book/04-protected-mode.md, "Descriptors". Check: make ex EX=04.3
 */
#include <stdbool.h>
#include <stdint.h>

#include "protected_mode.h"
#include "segment.h"

/* Does `mov ds, ax` with AX = selector load DS, at privilege level cpl
 * (0-3), with GDTR pointing at gdt->count entries (GDTR.limit =
 * gdt->count * 8 - 1) and no LDT? true if it does, false if it faults. */
bool ds_load_succeeds(const struct gdt *gdt, uint16_t selector, int cpl)
{
    (void)gdt;
    (void)selector;
    (void)cpl;
    return false; /* your code here */
}
