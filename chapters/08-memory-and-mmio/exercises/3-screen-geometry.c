/*
 * Exercise 08.3 (moderate): a new register for the screen.
 *
 * A guest that draws on chapter 08's screen has to know that it is 40
 * columns by 8 rows. Give the device a register that tells it: GEOMETRY
 * at offset 0x818, 4 bytes, read-only, whose value is the number of
 * columns in its low 16 bits and the number of rows in its high 16 bits
 * (0x00080028). Write the device's MMIO handler: it answers GEOMETRY
 * itself and passes every other access to screen_access(), unchanged.
 *
 * Hint: run->mmio.phys_addr is a guest-physical address, and the device
 * sits at screen->base: the register is at base + 0x818. Keep the
 * device's own rules: a register is accessed whole, with its own size, or
 * not at all (a refused read gives all ones); every access counts in
 * screen->accesses; a read's answer goes into run->mmio.data, low byte
 * first.
 *
 * Book: book/08-memory-and-mmio.md, "The screen".
 * Check: make ex EX=08.3
 */
#include <linux/kvm.h>

#include "screen.h"

#define SCREEN_GEOMETRY 0x818 /* 4 bytes, read-only: columns | rows << 16 */

/* Handle a KVM_EXIT_MMIO at the screen. Returns 0, or -1 for an access
 * the device refuses, with the reason in *why (as screen_access()). */
int screen_mmio(struct screen *screen, struct kvm_run *run, const char **why)
{
    /* your code here: answer GEOMETRY before this line */
    return screen_access(screen, run->mmio.phys_addr, run->mmio.data,
                         run->mmio.len, run->mmio.is_write, why);
}
