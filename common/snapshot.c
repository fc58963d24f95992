/*
 * snapshot.c - saving and restoring a vCPU's state and a VM's memory.
 * Introduced in chapter 13.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "kvm.h"
#include "snapshot.h"

// ANCHOR: state_save
int vcpu_state_save(struct vcpu *vcpu, struct vcpu_state *state)
{
    memset(state, 0, sizeof(*state));
    if (vcpu_get_regs(vcpu, &state->regs) < 0 ||
        vcpu_get_sregs(vcpu, &state->sregs) < 0 ||
        KVM_IOCTL(vcpu->fd, KVM_GET_XSAVE, &state->xsave) < 0 ||
        KVM_IOCTL(vcpu->fd, KVM_GET_VCPU_EVENTS, &state->events) < 0)
        return -1;
    return 0;
}
// ANCHOR_END: state_save

// ANCHOR: state_restore
int vcpu_state_restore(struct vcpu *vcpu, const struct vcpu_state *state)
{
    struct kvm_vcpu_events events = state->events;

    /* The special registers first: they set the mode (CR0, CR4, EFER)
     * and the segments the other state is read in. */
    if (vcpu_set_sregs(vcpu, &state->sregs) < 0)
        return -1;
    /* Then the general registers, and RIP and RFLAGS with them. */
    if (vcpu_set_regs(vcpu, &state->regs) < 0)
        return -1;
    /* The FPU and vector registers: what SSE code left in XMM0 must
     * not reach the next call. */
    if (KVM_IOCTL(vcpu->fd, KVM_SET_XSAVE, &state->xsave) < 0)
        return -1;
    /* Last, the pending events (none, at a snapshot): an exception a
     * fault left pending is dropped. After the registers, because KVM
     * checks an event against the state it would be delivered in. The
     * flags KVM_GET_VCPU_EVENTS returned say which fields to load. */
    return KVM_IOCTL(vcpu->fd, KVM_SET_VCPU_EVENTS, &events);
}
// ANCHOR_END: state_restore

// ANCHOR: state_restore_sync
int vcpu_state_restore_sync(struct vcpu *vcpu, const struct vcpu_state *state)
{
    struct kvm_run *run = vcpu->run;

    /* KVM loads what kvm_dirty_regs names at the next KVM_RUN: no ioctl
     * of its own. The special registers only if the guest changed one
     * (a CPL 3 guest can load a data segment, or set the FS base): KVM
     * then redoes more work. */
    run->s.regs.regs = state->regs;
    run->kvm_dirty_regs |= KVM_SYNC_X86_REGS;
    if (memcmp(&run->s.regs.sregs, &state->sregs, sizeof(state->sregs))) {
        run->s.regs.sregs = state->sregs;
        run->kvm_dirty_regs |= KVM_SYNC_X86_SREGS;
    }
    return KVM_IOCTL(vcpu->fd, KVM_SET_XSAVE, &state->xsave);
}
// ANCHOR_END: state_restore_sync

static bool range_inside(const struct memory_range *range, uint64_t size)
{
    return range->size % VM_PAGE_SIZE == 0 &&
           range->address % VM_PAGE_SIZE == 0 && range->address <= size &&
           range->size <= size - range->address;
}

static bool page_is_zero(const uint8_t *page)
{
    const uint64_t *word = (const uint64_t *)page;

    for (unsigned i = 0; i < VM_PAGE_SIZE / 8; i++)
        if (word[i])
            return false;
    return true;
}

// ANCHOR: save_pages
/* Copy the pages of the ranges that hold anything, and mark them in
 * `saved`; a page not saved was zero, and a restore zeroes it. Which pages
 * may hold anything: in a slot that logs dirty pages, only those the guest
 * wrote since the slot was made and those the host wrote for it (KVM's
 * log and vm.h's, read here once, which also starts the log afresh); in
 * another, every page, each looked at. A sandbox of 20 MiB whose program
 * touched 100 pages copies 100. */
static int save_pages(struct memory_snapshot *snapshot,
                      const struct vm_slot *s)
{
    bool logged = s->flags & KVM_MEM_LOG_DIRTY_PAGES;

    if (logged && vm_get_dirty_log(snapshot->vm, snapshot->slot,
                                   snapshot->dirty) < 0)
        return -1;
    for (int i = 0; i < snapshot->range_count; i++) {
        const struct memory_range *range = &snapshot->ranges[i];

        for (uint64_t at = range->address;
             at < range->address + range->size; at += VM_PAGE_SIZE) {
            uint64_t page = at / VM_PAGE_SIZE;
            const uint8_t *memory = (const uint8_t *)s->host + at;

            if (logged ? !(snapshot->dirty[page / 64] & 1ull << (page % 64))
                       : page_is_zero(memory))
                continue;
            memcpy(snapshot->copy + at, memory, VM_PAGE_SIZE);
            snapshot->saved[page / 64] |= 1ull << (page % 64);
        }
    }
    return 0;
}
// ANCHOR_END: save_pages

int memory_snapshot_take(struct memory_snapshot *snapshot, struct vm *vm,
                         int slot, const struct memory_range *ranges,
                         int range_count)
{
    const struct vm_slot *s = &vm->slots[slot];

    memset(snapshot, 0, sizeof(*snapshot));
    if (slot < 0 || slot >= vm->slot_count || s->guest_phys != 0 ||
        range_count < 0 || range_count > SNAPSHOT_MAX_RANGES) {
        errno = EINVAL;
        return -1;
    }
    for (int i = 0; i < range_count; i++)
        if (!range_inside(&ranges[i], s->size)) {
            errno = EINVAL;
            return -1;
        }
    snapshot->vm = vm;
    snapshot->slot = slot;
    snapshot->size = s->size;
    /* mmap: pages never written take no memory, and munmap gives them
     * all back at once. */
    snapshot->copy = mmap(NULL, s->size, PROT_READ | PROT_WRITE,
                          MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (snapshot->copy == MAP_FAILED)
        snapshot->copy = NULL;
    snapshot->dirty = calloc(vm_dirty_bitmap_words(s->size), 8);
    snapshot->saved = calloc(vm_dirty_bitmap_words(s->size), 8);
    if (!snapshot->copy || !snapshot->dirty || !snapshot->saved) {
        memory_snapshot_free(snapshot);
        errno = ENOMEM;
        return -1;
    }
    memcpy(snapshot->ranges, ranges, range_count * sizeof(*ranges));
    snapshot->range_count = range_count;
    if (save_pages(snapshot, s) < 0) {
        memory_snapshot_free(snapshot);
        return -1;
    }
    return 0;
}

static void restore_page(struct memory_snapshot *snapshot, uint64_t address)
{
    uint8_t *memory = snapshot->vm->slots[snapshot->slot].host;
    uint64_t page = address / VM_PAGE_SIZE;

    if (snapshot->saved[page / 64] & 1ull << (page % 64))
        memcpy(memory + address, snapshot->copy + address, VM_PAGE_SIZE);
    else
        memset(memory + address, 0, VM_PAGE_SIZE); /* zero at snapshot */
}

// ANCHOR: restore_all
long memory_restore_all(struct memory_snapshot *snapshot)
{
    long pages = 0;

    for (int i = 0; i < snapshot->range_count; i++) {
        const struct memory_range *range = &snapshot->ranges[i];

        for (uint64_t at = range->address;
             at < range->address + range->size; at += VM_PAGE_SIZE) {
            restore_page(snapshot, at);
            pages++;
        }
    }
    return pages;
}
// ANCHOR_END: restore_all

static bool in_ranges(const struct memory_snapshot *snapshot,
                      uint64_t address)
{
    for (int i = 0; i < snapshot->range_count; i++)
        if (address - snapshot->ranges[i].address <
            snapshot->ranges[i].size)
            return true;
    return false;
}

// ANCHOR: restore_dirty
long memory_restore_dirty(struct memory_snapshot *snapshot)
{
    uint64_t words = vm_dirty_bitmap_words(snapshot->size);
    long pages = 0;

    if (vm_get_dirty_log(snapshot->vm, snapshot->slot, snapshot->dirty) < 0)
        return -1;
    for (uint64_t word = 0; word < words; word++) {
        uint64_t bits = snapshot->dirty[word];

        while (bits) { /* each set bit: a page written since */
            uint64_t page = word * 64 + __builtin_ctzll(bits);
            uint64_t address = page * VM_PAGE_SIZE;

            bits &= bits - 1;
            /* Only the guest's writable memory: the CPU also writes the
             * accessed and dirty bits of the page tables, which we
             * leave as they are. */
            if (in_ranges(snapshot, address)) {
                restore_page(snapshot, address);
                pages++;
            }
        }
    }
    return pages;
}
// ANCHOR_END: restore_dirty

void memory_snapshot_free(struct memory_snapshot *snapshot)
{
    if (snapshot->copy)
        munmap(snapshot->copy, snapshot->size);
    free(snapshot->dirty);
    free(snapshot->saved);
    snapshot->copy = NULL;
    snapshot->dirty = NULL;
    snapshot->saved = NULL;
}
