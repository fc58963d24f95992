/*
 * Exercise 07.4: a plausible wrong answer, which the test must reject.
 * It checks the array as count * 16 bytes without asking whether the
 * product wraps: for count = 2^60 + 1 it checks 16 bytes, and then reads
 * entries far beyond guest memory.
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
    const char *array = vm_guest_to_host(vm, vector, count * 16);
    struct hc_iovec iov;
    uint64_t total = 0;

    if (!array)
        return -HC_EFAULT;
    for (uint64_t i = 0; i < count; i++) {
        memcpy(&iov, array + i * 16, 16);
        if (!vm_guest_to_host(vm, iov.address, iov.length))
            return -HC_EFAULT;
        if (iov.length > HC_MAX_WRITE - total)
            return -HC_EINVAL;
        total += iov.length;
    }
    for (uint64_t i = 0; i < count; i++) {
        memcpy(&iov, array + i * 16, 16);
        console_write(console, vm_guest_to_host(vm, iov.address, iov.length),
                      iov.length);
    }
    return total;
}
