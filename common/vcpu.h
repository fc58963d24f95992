/*
 * vcpu.h - a virtual CPU: its file descriptor and the shared `struct
 * kvm_run` page through which KVM tells us why the guest stopped.
 *
 * Introduced in chapter 02.
 */
#ifndef KVM101_VCPU_H
#define KVM101_VCPU_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/kvm.h>

#include "vm.h"

struct vcpu {
    int fd;
    int id;
    struct vm *vm;       /* the VM it belongs to */
    struct kvm_run *run; /* mmap of the vCPU fd, shared with KVM */
    size_t run_size;
};

/* KVM_CREATE_VCPU with this id, then map its kvm_run. Returns 0, or -1 with
 * errno set and *failed_step naming the ioctl that failed. */
int vcpu_create(struct vm *vm, int id, struct vcpu *vcpu,
                const char **failed_step);

/* KVM_GET_REGS / KVM_GET_SREGS / KVM_SET_REGS / KVM_SET_SREGS: 0 or -1. */
/* Does a kvm_run mapping of `size` bytes (KVM_GET_VCPU_MMAP_SIZE's answer)
 * hold a whole struct kvm_run? Pure: unit-tested. */
bool vcpu_mmap_size_is_enough(int size);

int vcpu_get_regs(struct vcpu *vcpu, struct kvm_regs *regs);
int vcpu_get_sregs(struct vcpu *vcpu, struct kvm_sregs *sregs);
int vcpu_set_regs(struct vcpu *vcpu, const struct kvm_regs *regs);
int vcpu_set_sregs(struct vcpu *vcpu, const struct kvm_sregs *sregs);

/* Ask KVM to translate a virtual (linear) address as the vCPU would, with
 * its current CR3 and mode (KVM_TRANSLATE). Returns 0 with
 * *physical_address set, or -1 with errno (ENOENT: KVM says the address is
 * not mapped). Introduced in chapter 05. */
int vcpu_translate(struct vcpu *vcpu, uint64_t virtual_address,
                   uint64_t *physical_address);

/* Where a vCPU that did not finish is, for a message: "halted" (waiting
 * for an interrupt that did not come), "running", or "stopped" (KVM would
 * not say), with *rip its instruction pointer (as of the last exit if
 * KVM_GET_REGS fails). Introduced in chapter 12. */
const char *vcpu_where(struct vcpu *vcpu, uint64_t *rip);

/* Unmap kvm_run and close the vCPU. Safe after a failed vcpu_create. */
void vcpu_destroy(struct vcpu *vcpu);

#endif
