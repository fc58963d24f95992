/*
 * Exercise 08.3: a plausible wrong answer, which the test must reject.
 * It answers any read of the register, whatever its size, and lets writes
 * through as if they had worked: a 1-byte read gets part of the value
 * instead of the all-ones refusal, and the guest never learns that its
 * write did nothing.
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
        if (!run->mmio.is_write)
            memcpy(run->mmio.data, &geometry,
                   run->mmio.len < 4 ? run->mmio.len : 4);
        return 0;
    }
    return screen_access(screen, run->mmio.phys_addr, run->mmio.data,
                         run->mmio.len, run->mmio.is_write, why);
}
