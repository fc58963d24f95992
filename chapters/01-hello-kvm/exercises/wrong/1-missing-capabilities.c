/*
 * Exercise 01.1: a plausible wrong answer, which the test must reject.
 * It takes "present" to mean "answers 1". KVM_CAP_SYNC_REGS answers 7 and
 * KVM_CAP_MAX_VCPUS a count, so they look missing; and an fd that is not
 * KVM (the ioctl returns -1) looks like a kernel with nothing at all.
 */
#include <stddef.h>

#include "kvm.h"

int count_missing(int kvm_fd, const long *capabilities, size_t count)
{
    int missing = 0;

    for (size_t i = 0; i < count; i++)
        if (kvm_check_extension(kvm_fd, capabilities[i]) != 1)
            missing++;
    return missing;
}
