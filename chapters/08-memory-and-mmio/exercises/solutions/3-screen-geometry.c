/*
 * Exercise 08.3 (moderate): a new register for the screen. A reference
 * solution.
 */
#include <string.h>
#include <linux/kvm.h>

#include "screen.h"

#define SCREEN_GEOMETRY 0x818

int screen_mmio(struct screen *screen, struct kvm_run *run, const char **why)
{
    uint64_t offset = run->mmio.phys_addr - screen->base;
    uint32_t geometry = SCREEN_COLUMNS | SCREEN_ROWS << 16;

    if (offset == SCREEN_GEOMETRY) {
        screen->accesses++;
        if (run->mmio.is_write || run->mmio.len != 4) {
            *why = "GEOMETRY is read-only, 4 bytes";
            if (!run->mmio.is_write)
                memset(run->mmio.data, 0xff, run->mmio.len);
            return -1;
        }
        memcpy(run->mmio.data, &geometry, 4); /* little-endian, as x86 */
        return 0;
    }
    return screen_access(screen, run->mmio.phys_addr, run->mmio.data,
                         run->mmio.len, run->mmio.is_write, why);
}
