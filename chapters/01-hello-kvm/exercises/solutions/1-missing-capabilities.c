/*
 * Exercise 01.1 (easy): count the missing capabilities.
 * A reference solution.
 */
#include <stddef.h>

#include "kvm.h"

int count_missing(int kvm_fd, const long *capabilities, size_t count)
{
    int missing = 0;

    for (size_t i = 0; i < count; i++) {
        int value = kvm_check_extension(kvm_fd, capabilities[i]);

        if (value < 0)
            return -1; /* errno from the ioctl: ENOTTY if not KVM */
        /* Only 0 means "no": 7 or 1024 are a yes with details. */
        missing += value == 0;
    }
    return missing;
}
