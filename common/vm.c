/*
 * vm.c - a virtual machine and its guest memory. Introduced in chapter 02.
 */
#include <errno.h>
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

    if (vm->slot_count == VM_MAX_SLOTS) {
        errno = ENOSPC;
        return NULL;
    }
    /* MAP_NORESERVE: the guest's untouched pages cost the host nothing. */
    host = mmap(NULL, size, PROT_READ | PROT_WRITE,
                MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (host == MAP_FAILED)
        return NULL;

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
        errno = saved_errno;
        return NULL;
    }
    vm->slots[vm->slot_count++] =
        (struct vm_slot){guest_phys, size, host, flags};
    return host;
}
// ANCHOR_END: add_memory

// ANCHOR: guest_to_host
void *vm_guest_to_host(const struct vm *vm, uint64_t guest_phys,
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
            return (char *)slot->host + offset;
    }
    return NULL;
}
// ANCHOR_END: guest_to_host

void vm_destroy(struct vm *vm)
{
    for (int i = 0; i < vm->slot_count; i++)
        munmap(vm->slots[i].host, vm->slots[i].size);
    vm->slot_count = 0;
    if (vm->fd >= 0)
        close(vm->fd);
    vm->fd = -1;
}

// ANCHOR: dirty_log
int vm_get_dirty_log(struct vm *vm, int slot, uint64_t *bitmap)
{
    struct kvm_dirty_log log = {.slot = slot, .dirty_bitmap = bitmap};

    return KVM_IOCTL(vm->fd, KVM_GET_DIRTY_LOG, &log);
}
// ANCHOR_END: dirty_log
