/*
 * vm.c - a virtual machine and its guest memory. Introduced in chapter 02.
 */
#include <errno.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "kvm.h"
#include "vm.h"

// ANCHOR: create_vm
int vm_create(int kvm_fd, struct vm *vm)
{
    *vm = (struct vm){.fd = -1, .kvm_fd = kvm_fd};
    /* The argument is the machine type; 0 is the default on x86. */
    vm->fd = KVM_IOCTL(kvm_fd, KVM_CREATE_VM, 0);
    return vm->fd < 0 ? -1 : 0;
}
// ANCHOR_END: create_vm

// ANCHOR: add_memory
void *vm_add_memory(struct vm *vm, uint64_t guest_phys, uint64_t size)
{
    return vm_add_memory_flags(vm, guest_phys, size, 0);
}

void *vm_add_memory_flags(struct vm *vm, uint64_t guest_phys, uint64_t size,
                          uint32_t flags)
{
    struct kvm_userspace_memory_region region;
    void *host;

    uint64_t *host_dirty = NULL;

    if (vm->slot_count == VM_MAX_SLOTS) {
        errno = ENOSPC;
        return NULL;
    }
    if ((flags & KVM_MEM_LOG_DIRTY_PAGES) &&
        !(host_dirty = calloc(vm_dirty_bitmap_words(size), sizeof(uint64_t))))
        return NULL;
    /* MAP_NORESERVE: the guest's untouched pages cost the host nothing. */
    host = mmap(NULL, size, PROT_READ | PROT_WRITE,
                MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (host == MAP_FAILED) {
        free(host_dirty);
        return NULL;
    }

    // ANCHOR: region
    region = (struct kvm_userspace_memory_region){
        .slot = vm->slot_count,
        .flags = flags,
        .guest_phys_addr = guest_phys,
        .memory_size = size,
        .userspace_addr = (uint64_t)(uintptr_t)host,
    };
    // ANCHOR_END: region
    if (KVM_IOCTL(vm->fd, KVM_SET_USER_MEMORY_REGION, &region) < 0) {
        int saved_errno = errno;

        munmap(host, size);
        free(host_dirty);
        errno = saved_errno;
        return NULL;
    }
    vm->host_dirty[vm->slot_count] = host_dirty;
    vm->slots[vm->slot_count++] =
        (struct vm_slot){guest_phys, size, host, flags};
    return host;
}
// ANCHOR_END: add_memory

// ANCHOR: guest_to_host
/* The slot that holds all of [guest_phys, guest_phys + length), or -1. */
static int find_slot(const struct vm *vm, uint64_t guest_phys,
                     uint64_t length)
{
    for (int i = 0; i < vm->slot_count; i++) {
        const struct vm_slot *slot = &vm->slots[i];
        uint64_t offset = guest_phys - slot->guest_phys;

        /* Unsigned arithmetic: an address below the slot wraps to a huge
         * offset, so these two comparisons also catch that case, and
         * neither can overflow. */
        if (guest_phys >= slot->guest_phys && offset <= slot->size &&
            length <= slot->size - offset)
            return i;
    }
    return -1;
}

void *vm_guest_to_host(const struct vm *vm, uint64_t guest_phys,
                       uint64_t length)
{
    int i = find_slot(vm, guest_phys, length);

    if (i < 0)
        return NULL;
    return (char *)vm->slots[i].host + (guest_phys - vm->slots[i].guest_phys);
}
// ANCHOR_END: guest_to_host

// ANCHOR: guest_to_host_writable
void *vm_guest_to_host_writable(struct vm *vm, uint64_t guest_phys,
                                uint64_t length)
{
    int i = find_slot(vm, guest_phys, length);
    struct vm_slot *slot;
    uint64_t offset;

    if (i < 0 || (vm->slots[i].flags & KVM_MEM_READONLY))
        return NULL;
    slot = &vm->slots[i];
    offset = guest_phys - slot->guest_phys;
    /* KVM logs only what the guest writes; what we write for it, we log
     * ourselves, and vm_get_dirty_log() adds it in. */
    if (vm->host_dirty[i] && length > 0)
        for (uint64_t page = offset / VM_PAGE_SIZE;
             page <= (offset + length - 1) / VM_PAGE_SIZE; page++)
            vm->host_dirty[i][page / 64] |= 1ull << (page % 64);
    return (char *)slot->host + offset;
}
// ANCHOR_END: guest_to_host_writable

void vm_destroy(struct vm *vm)
{
    for (int i = 0; i < vm->slot_count; i++) {
        munmap(vm->slots[i].host, vm->slots[i].size);
        free(vm->host_dirty[i]);
        vm->host_dirty[i] = NULL;
    }
    vm->slot_count = 0;
    if (vm->fd >= 0)
        close(vm->fd);
    vm->fd = -1;
}

// ANCHOR: bitmap_words
uint64_t vm_dirty_bitmap_words(uint64_t slot_size)
{
    uint64_t pages = slot_size / VM_PAGE_SIZE +
                     (slot_size % VM_PAGE_SIZE != 0);

    return pages / 64 + (pages % 64 != 0); /* rounded up, never down */
}
// ANCHOR_END: bitmap_words

// ANCHOR: dirty_log
int vm_get_dirty_log(struct vm *vm, int slot, uint64_t *bitmap)
{
    struct kvm_dirty_log log = {.slot = slot, .dirty_bitmap = bitmap};
    uint64_t *ours;

    if (KVM_IOCTL(vm->fd, KVM_GET_DIRTY_LOG, &log) < 0)
        return -1;
    if (slot < 0 || slot >= vm->slot_count || !vm->host_dirty[slot])
        return 0;
    /* Add the pages we wrote for the guest, and forget them. */
    ours = vm->host_dirty[slot];
    for (uint64_t i = 0; i < vm_dirty_bitmap_words(vm->slots[slot].size);
         i++) {
        bitmap[i] |= ours[i];
        ours[i] = 0;
    }
    return 0;
}
// ANCHOR_END: dirty_log
