/*
 * snapshot.h - a vCPU's state and a VM's memory, saved once and put back
 * many times: the sandbox's reset (chapter 13).
 *
 * What a vCPU's state is, for a guest with no in-kernel irqchip: its
 * general registers, its special registers (segments, control registers,
 * EFER, the descriptor tables), its FPU and vector registers (XSAVE),
 * and the events KVM has pending for it (an exception, an NMI). Not its
 * MSRs: a guest at CPL 3 cannot write one (wrmsr is a CPL 0
 * instruction), and the FS and GS bases it can set with wrfsbase are in
 * the special registers. Not its MP state or local APIC: there is none
 * without an irqchip.
 *
 * Memory is put back one page at a time, from a copy taken with the
 * snapshot, either every page of some ranges (the guest's writable
 * memory) or only the pages KVM's dirty log names (with the pages the
 * host wrote itself, which that log does not see: vm.h).
 *
 * Like every helper, these return -1 with errno set and never print.
 *
 * Introduced in chapter 13.
 */
#ifndef KVM101_SNAPSHOT_H
#define KVM101_SNAPSHOT_H

#include <linux/kvm.h>
#include <stdint.h>

#include "vcpu.h"
#include "vm.h"

struct vcpu_state {
    struct kvm_regs regs;
    struct kvm_sregs sregs;
    struct kvm_vcpu_events events;
    struct kvm_xsave xsave; /* last: newer headers end it with extra[] */
};

/* Save every part, with one ioctl each. Call it when no I/O exit is
 * pending (see sandbox.c: a KVM_RUN with immediate_exit finishes one).
 * Returns 0, or -1 with errno set. */
int vcpu_state_save(struct vcpu *vcpu, struct vcpu_state *state);

/* Put every part back with ioctls, in a fixed order (below). For a vCPU
 * in any state at all: after a triple fault, a time limit. Returns 0, or
 * -1 with errno set. */
int vcpu_state_restore(struct vcpu *vcpu, const struct vcpu_state *state);

/* The cheap way, for a vCPU that stopped at an exit of its own: the
 * general registers (and the special ones, if they changed) through
 * kvm_run's sync_regs, loaded by the next KVM_RUN; the FPU with its one
 * ioctl. The vCPU must run with kvm_valid_regs including
 * KVM_SYNC_X86_SREGS, so that kvm_run holds its special registers.
 * Returns 0, or -1 with errno set. */
int vcpu_state_restore_sync(struct vcpu *vcpu, const struct vcpu_state *state);

/* A range of guest-physical memory: [address, address + size). */
struct memory_range {
    uint64_t address, size;
};

#define SNAPSHOT_MAX_RANGES 8

struct memory_snapshot {
    struct vm *vm;
    int slot;          /* the one slot it copies, at guest-physical 0 */
    uint8_t *copy;     /* the ranges' bytes at snapshot time, each at its
                          offset in the slot */
    uint64_t size;
    uint64_t *dirty;   /* the dirty log's bitmap */
    uint64_t *saved;   /* the pages in `copy`; the others were zero */
    /* The pages a reset may put back: the guest's writable memory. */
    struct memory_range ranges[SNAPSHOT_MAX_RANGES];
    int range_count;
};

/* Copy the pages of `ranges` (the pages a restore may write) in slot
 * `slot`, which must start at guest-physical 0, that hold anything. In a
 * slot that logs dirty pages, that is the pages its log names (the guest
 * wrote them, or the host through vm_guest_to_host_writable()): the host
 * must have written every other page it filled that way. Reading the log
 * starts it afresh. Returns 0, or -1 with errno set (EINVAL: a range
 * outside the slot or too many). */
int memory_snapshot_take(struct memory_snapshot *snapshot, struct vm *vm,
                         int slot, const struct memory_range *ranges,
                         int range_count);

/* Copy back every page of every range. Returns the pages copied. */
long memory_restore_all(struct memory_snapshot *snapshot);

/* Ask KVM which pages the guest wrote (KVM_GET_DIRTY_LOG, which also
 * starts a new log) and copy back those inside the ranges, with the
 * pages the host wrote. Returns the pages copied, or -1 with errno. */
long memory_restore_dirty(struct memory_snapshot *snapshot);

void memory_snapshot_free(struct memory_snapshot *snapshot);

#endif
