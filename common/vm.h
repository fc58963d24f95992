/*
 * vm.h - a virtual machine: the VM file descriptor and its guest memory.
 *
 * Guest memory is ordinary anonymous host memory (mmap) that we hand to KVM
 * with KVM_SET_USER_MEMORY_REGION: KVM maps it into the guest's physical
 * address space at the address we choose. One such mapping is a "slot".
 *
 * Introduced in chapter 02.
 */
#ifndef KVM101_VM_H
#define KVM101_VM_H

#include <stddef.h>
#include <stdint.h>

#define VM_MAX_SLOTS 8

struct vm_slot {
    uint64_t guest_phys; /* where the guest sees it */
    uint64_t size;
    void *host;          /* where we see it */
    uint32_t flags;      /* KVM_MEM_READONLY, KVM_MEM_LOG_DIRTY_PAGES */
};

struct vm {
    int fd;
    int kvm_fd; /* the /dev/kvm fd the VM came from (not owned) */
    int slot_count;
    struct vm_slot slots[VM_MAX_SLOTS];
    /* Per logged slot (else NULL): the pages the host wrote for the guest.
     * KVM's dirty log sees only the guest's own writes. */
    uint64_t *host_dirty[VM_MAX_SLOTS];
};

/* KVM_CREATE_VM. Returns 0, or -1 with errno set. */
int vm_create(int kvm_fd, struct vm *vm);

/* Map `size` bytes (a multiple of 4096) of zeroed host memory into the guest
 * at `guest_phys` as the next slot. Returns the host address, or NULL with
 * errno set. */
void *vm_add_memory(struct vm *vm, uint64_t guest_phys, uint64_t size);

/* vm_add_memory() with KVM_MEM_* flags: KVM_MEM_READONLY (the guest can
 * read it, and its writes exit as KVM_EXIT_MMIO), KVM_MEM_LOG_DIRTY_PAGES
 * (KVM records each page the guest writes). Introduced in chapter 08. */
void *vm_add_memory_flags(struct vm *vm, uint64_t guest_phys, uint64_t size,
                          uint32_t flags);

#define VM_PAGE_SIZE 4096

/* How many 64-bit words a dirty bitmap for a slot of `slot_size` bytes
 * needs: one bit per page, rounded up to whole words. Introduced in
 * chapter 08. */
uint64_t vm_dirty_bitmap_words(uint64_t slot_size);

/* KVM_GET_DIRTY_LOG: one bit per page of the slot, set for each page the
 * guest wrote since the last call (which clears them), and each page the
 * host wrote for it through vm_guest_to_host_writable(). bitmap must have
 * vm_dirty_bitmap_words() words. Returns 0, or -1 with errno set.
 * Introduced in chapter 08. */
int vm_get_dirty_log(struct vm *vm, int slot, uint64_t *bitmap);

/* The host address of guest-physical [guest_phys, guest_phys + length), or
 * NULL when any byte of that range is outside every slot. Use it for every
 * guest address the host touches: a guest controls its addresses. */
void *vm_guest_to_host(const struct vm *vm, uint64_t guest_phys,
                       uint64_t length);

/* The same, for memory the host is about to write on the guest's behalf
 * (a hypercall's result buffer): NULL also when the range lies in a
 * read-only slot, which the guest could not write itself; in a logged
 * slot, its pages are marked dirty. Introduced in chapter 08. */
void *vm_guest_to_host_writable(struct vm *vm, uint64_t guest_phys,
                                uint64_t length);

/* Unmap all guest memory and close the VM. Safe after a failed vm_create
 * and when called twice. */
void vm_destroy(struct vm *vm);

#endif
