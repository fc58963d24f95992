/*
 * Exercise 02.2 (moderate): map kvm_run.
 *
 * After each exit, KVM writes why the guest stopped into the vCPU's
 * kvm_run area, and the host answers through the same memory. Map it:
 * complete map_kvm_run() so that *run points at the vCPU's kvm_run, in
 * a mapping large enough for everything KVM puts there (the data of a
 * port I/O exit lies beyond the struct) and shared with KVM both ways.
 *
 * Hint: the length is not sizeof(struct kvm_run) but what the ioctl
 * KVM_GET_VCPU_MMAP_SIZE answers, and that is a system ioctl: it goes to
 * the /dev/kvm fd, not the vCPU's (vcpu_create() in common/vcpu.c). Then
 * mmap() the vCPU fd at offset 0, readable, writable and MAP_SHARED: with
 * a private copy, KVM would not see what you write, and after your first
 * write you would no longer see what KVM writes.
 *
 * Book: book/02-vm-and-vcpu.md, "Exercises". Check: make ex EX=02.2
 */
#include <errno.h>
#include <stddef.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <linux/kvm.h>

/* Map the kvm_run area of the vCPU `vcpu_fd`, whose VM was created from
 * the /dev/kvm fd `kvm_fd`. Returns 0 with the address in *run and the
 * mapping's length in *size, or -1 with errno set and nothing mapped. */
int map_kvm_run(int kvm_fd, int vcpu_fd, struct kvm_run **run, size_t *size)
{
    (void)kvm_fd;
    (void)vcpu_fd;
    (void)run;
    (void)size;
    return -1; /* your code here */
}
