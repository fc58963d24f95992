/*
 * Exercise 02.2: a plausible wrong answer, which the test must reject.
 * It asks the vCPU fd for the size of the vCPU's mapping, which sounds
 * right, but KVM_GET_VCPU_MMAP_SIZE is a system ioctl: only the /dev/kvm
 * fd answers it.
 */
#include <errno.h>
#include <stddef.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <linux/kvm.h>

int map_kvm_run(int kvm_fd, int vcpu_fd, struct kvm_run **run, size_t *size)
{
    int length = ioctl(vcpu_fd, KVM_GET_VCPU_MMAP_SIZE, 0);
    void *mapped;

    (void)kvm_fd;
    if (length < 0)
        return -1;
    mapped = mmap(NULL, length, PROT_READ | PROT_WRITE, MAP_SHARED, vcpu_fd, 0);
    if (mapped == MAP_FAILED)
        return -1;
    *run = mapped;
    *size = length;
    return 0;
}
