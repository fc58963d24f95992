/*
 * Exercise 08.2: a plausible wrong answer, which the test must reject.
 * Off by one at the end: base + size is already outside the range (it is
 * the next device's first byte), but <= lets this device claim it. It also
 * forgets that an access has a length.
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
    for (int i = 0; i < count; i++)
        if (address >= devices[i].base &&
            address <= devices[i].base + devices[i].size)
            return i;
    return -1;
}
