/*
 * Exercise 02.2 (moderate): map kvm_run.
 * A reference solution.
 */
#include <errno.h>
#include <stddef.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <linux/kvm.h>

int map_kvm_run(int kvm_fd, int vcpu_fd, struct kvm_run **run, size_t *size)
{
    /* A system ioctl: the /dev/kvm fd knows, the vCPU fd does not. */
    int length = ioctl(kvm_fd, KVM_GET_VCPU_MMAP_SIZE, 0);
    void *mapped;

    if (length < 0)
        return -1;
    /* MAP_SHARED: KVM writes exits here and reads our answers. */
    mapped = mmap(NULL, length, PROT_READ | PROT_WRITE, MAP_SHARED, vcpu_fd, 0);
    if (mapped == MAP_FAILED)
        return -1;
    *run = mapped;
    *size = length;
    return 0;
}
