/*
 * Exercise 07.4: a plausible wrong answer, which the test must reject.
 * It writes each buffer as soon as it has checked it, so a bad buffer in
 * the middle leaves the first ones written and the call refused: half a
 * write, which the guest cannot tell from none.
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

int64_t hc_writev(const struct vm *vm, struct console *console, uint64_t vector,
                  uint64_t count)
{
    const char *array;
    uint64_t total = 0;

    if (count > UINT64_MAX / sizeof(struct hc_iovec))
        return -HC_EFAULT;
    array = vm_guest_to_host(vm, vector, count * sizeof(struct hc_iovec));
    if (!array)
        return -HC_EFAULT;
    for (uint64_t i = 0; i < count; i++) {
        struct hc_iovec iov;
        const char *bytes;

        memcpy(&iov, array + i * sizeof(iov), sizeof(iov));
        bytes = vm_guest_to_host(vm, iov.address, iov.length);
        if (!bytes)
            return -HC_EFAULT;
        if (iov.length > HC_MAX_WRITE - total)
            return -HC_EINVAL;
        console_write(console, bytes, iov.length);
        total += iov.length;
    }
    return total;
}
