/*
 * Exercise 02.2: a plausible wrong answer, which the test must reject.
 * It maps sizeof(struct kvm_run), under one page, and so misses the page
 * at io.data_offset where KVM puts the bytes of every port I/O exit.
 */
#include <errno.h>
#include <stddef.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <linux/kvm.h>

int map_kvm_run(int kvm_fd, int vcpu_fd, struct kvm_run **run, size_t *size)
{
    void *mapped = mmap(NULL, sizeof(struct kvm_run), PROT_READ | PROT_WRITE,
                        MAP_SHARED, vcpu_fd, 0);

    (void)kvm_fd;
    if (mapped == MAP_FAILED)
        return -1;
    *run = mapped;
    *size = sizeof(struct kvm_run);
    return 0;
}
