/*
 * Exercise 01.1: a plausible wrong answer, which the test must reject.
 * Most KVM ioctls take a pointer to a struct, so it passes a pointer here
 * too. KVM_CHECK_EXTENSION takes the number itself: KVM reads the address
 * as a capability number no kernel has, and answers 0 for every one.
 */
#include <stddef.h>
#include <sys/ioctl.h>

#include "kvm.h"

int count_missing(int kvm_fd, const long *capabilities, size_t count)
{
    int missing = 0;

    for (size_t i = 0; i < count; i++) {
        int value = ioctl(kvm_fd, KVM_CHECK_EXTENSION, &capabilities[i]);

        if (value < 0)
            return -1;
        missing += value == 0;
    }
    return missing;
}
