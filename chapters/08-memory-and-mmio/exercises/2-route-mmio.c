/*
 * Exercise 08.2 (moderate): route an MMIO exit to its device.
 *
 * Chapter 08 has one device, so its handle_mmio() asks the screen
 * "is this yours?" and is done. A machine with several devices keeps a
 * table of address ranges instead, and each KVM_EXIT_MMIO goes to the
 * device whose range holds the access. Write that lookup.
 *
 * Hint: a device at `base` with `size` bytes owns the addresses base to
 * base + size - 1: base + size is the first address of whatever comes
 * next, often another device. The access is len bytes from phys_addr, and
 * all of them must be inside the range. Compare offsets (phys_addr - base)
 * rather than end addresses, and nothing can overflow.
 *
 * Book: book/08-memory-and-mmio.md, "What happens in a hole".
 * Check: make ex EX=08.2
 */
#include <stdint.h>
#include <linux/kvm.h>

struct mmio_device {
    const char *name;
    uint64_t base; /* guest-physical address of its first byte */
    uint64_t size; /* bytes */
};

/* For a KVM_EXIT_MMIO in `run`, return the index in devices[0..count) of
 * the device whose range holds the whole access (run->mmio.len bytes from
 * run->mmio.phys_addr). Return -1 when no device does (nothing there, or
 * the access runs past the end of a range) or the exit is not
 * KVM_EXIT_MMIO. The ranges do not overlap. */
int mmio_route(const struct mmio_device *devices, int count,
               const struct kvm_run *run)
{
    (void)devices;
    (void)count;
    (void)run;
    return -1; /* your code here */
}
