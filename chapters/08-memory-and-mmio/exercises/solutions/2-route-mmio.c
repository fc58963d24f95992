/*
 * Exercise 08.2 (moderate): route an MMIO exit to its device. A reference
 * solution.
 */
#include <stdint.h>
#include <linux/kvm.h>

struct mmio_device {
    const char *name;
    uint64_t base;
    uint64_t size;
};

int mmio_route(const struct mmio_device *devices, int count,
               const struct kvm_run *run)
{
    uint64_t address = run->mmio.phys_addr;

    if (run->exit_reason != KVM_EXIT_MMIO)
        return -1;
    for (int i = 0; i < count; i++) {
        uint64_t offset = address - devices[i].base;

        /* As vm_guest_to_host() does: below the base, offset wraps to a
         * huge number and fails the second test. */
        if (address >= devices[i].base && offset < devices[i].size &&
            run->mmio.len <= devices[i].size - offset)
            return i;
    }
    return -1;
}
