/*
 * Exercise 08.3: a plausible wrong answer, which the test must reject.
 * It compares the exit's address with the register's offset, forgetting
 * that phys_addr is a guest-physical address and the device does not sit
 * at 0: the guest's read of base + 0x818 never matches.
 */
#include <string.h>
#include <linux/kvm.h>

#include "screen.h"

#define SCREEN_GEOMETRY 0x818

int screen_mmio(struct screen *screen, struct kvm_run *run, const char **why)
{
    uint32_t geometry = SCREEN_COLUMNS | SCREEN_ROWS << 16;

    if (run->mmio.phys_addr == SCREEN_GEOMETRY && !run->mmio.is_write &&
        run->mmio.len == 4) {
        screen->accesses++;
        memcpy(run->mmio.data, &geometry, 4);
        return 0;
    }
    return screen_access(screen, run->mmio.phys_addr, run->mmio.data,
                         run->mmio.len, run->mmio.is_write, why);
}
