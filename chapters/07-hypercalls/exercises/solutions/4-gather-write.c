/*
 * Exercise 07.4 (hard): a gather write.
 * A reference solution.
 */
#include <stdint.h>
#include <string.h>

#include "hypercall.h"
#include "run.h"
#include "vm.h"

#define HC_WRITEV 101

struct hc_iovec {
    uint64_t address;
    uint64_t length;
};

/* Entry i of the array (already checked), copied out: it may be
 * misaligned in guest memory. */
static struct hc_iovec entry(const char *array, uint64_t i)
{
    struct hc_iovec iov;

    memcpy(&iov, array + i * sizeof(iov), sizeof(iov));
    return iov;
}

int64_t hc_writev(const struct vm *vm, struct console *console, uint64_t vector,
                  uint64_t count)
{
    const char *array;
    uint64_t total = 0;

    /* count * 16 must not wrap: then the whole array is checked. */
    if (count > UINT64_MAX / sizeof(struct hc_iovec))
        return -HC_EFAULT;
    array = vm_guest_to_host(vm, vector, count * sizeof(struct hc_iovec));
    if (!array)
        return -HC_EFAULT;

    /* Check everything before writing anything. */
    for (uint64_t i = 0; i < count; i++) {
        struct hc_iovec iov = entry(array, i);

        if (!vm_guest_to_host(vm, iov.address, iov.length))
            return -HC_EFAULT;
        if (iov.length > HC_MAX_WRITE - total)
            return -HC_EINVAL;
        total += iov.length;
    }
    for (uint64_t i = 0; i < count; i++) {
        struct hc_iovec iov = entry(array, i);

        console_write(console, vm_guest_to_host(vm, iov.address, iov.length),
                      iov.length);
    }
    return total;
}
