/*
 * Exercise 01.1 (easy): count the missing capabilities.
 *
 * A careful program asks about every capability it relies on before it
 * starts, and says what is missing instead of failing later with a puzzling
 * error. Complete count_missing() so that it asks KVM about each
 * capability in a list and counts the ones this kernel does not have.
 *
 * Hint: kvm_check_extension() in common/kvm.c makes the KVM_CHECK_EXTENSION
 * ioctl; its argument is the capability's number itself, not a pointer to
 * it. The answer 0 means "no", and any positive answer means "yes": not
 * always 1 (KVM_CAP_SYNC_REGS answers a bit mask, KVM_CAP_MAX_VCPUS a
 * count). A negative answer is not "no" but an error: the fd is not KVM.
 *
 * Book: book/01-hello-kvm.md, "Exercises". Check: make ex EX=01.1
 */
#include <stddef.h>

#include "kvm.h"

/* Ask the KVM fd about each of the `count` capabilities (KVM_CAP_...).
 * Returns how many of them are missing, or -1 with errno set if
 * KVM_CHECK_EXTENSION itself fails. */
int count_missing(int kvm_fd, const long *capabilities, size_t count)
{
    (void)kvm_fd;
    (void)capabilities;
    (void)count;
    return 0; /* your code here */
}
