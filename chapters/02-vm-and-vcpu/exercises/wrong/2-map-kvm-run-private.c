/*
 * Exercise 02.2: a plausible wrong answer, which the test must reject.
 * MAP_PRIVATE, as for a file one only reads: the first write (an answer,
 * immediate_exit) makes a private copy of the page, which KVM never sees,
 * and from then on the host no longer sees KVM's writes to it either.
 */
#include <errno.h>
#include <stddef.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <linux/kvm.h>

int map_kvm_run(int kvm_fd, int vcpu_fd, struct kvm_run **run, size_t *size)
{
    int length = ioctl(kvm_fd, KVM_GET_VCPU_MMAP_SIZE, 0);
    void *mapped;

    if (length < 0)
        return -1;
    mapped =
        mmap(NULL, length, PROT_READ | PROT_WRITE, MAP_PRIVATE, vcpu_fd, 0);
    if (mapped == MAP_FAILED)
        return -1;
    *run = mapped;
    *size = length;
    return 0;
}
