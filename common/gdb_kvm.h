/*
 * gdb_kvm.h - the KVM target of the GDB stub: a vCPU in 64-bit mode and a
 * C guest's hypercalls (chapter 07), behind the operations gdb_commands.h
 * asks for.
 *
 *   registers   KVM_GET_REGS/KVM_SET_REGS (+ segments, + the FPU's state
 *               read with KVM_GET_FPU), in gdb's i386:x86-64 order
 *   memory      guest virtual addresses, translated page by page with
 *               KVM_TRANSLATE through the guest's own page tables
 *   breakpoints Z0 as int3 bytes in guest memory (KVM_GUESTDBG_USE_SW_BP),
 *               hidden from gdb's reads, where an int3 stops the guest;
 *               elsewhere (guest_debug_int3()) Z0 joins Z1 in DR0-DR3,
 *               and beyond four a continue becomes single steps that
 *               watch for them. A guest's own int3 goes back to the
 *               guest (KVM_GUESTDBG_INJECT_BP).
 *   resume      KVM_RUN with KVM_GUESTDBG_SINGLESTEP or the breakpoints
 *               on, serving hypercalls, until a KVM_EXIT_DEBUG or the end
 *
 * Introduced in chapter 15.
 */
#ifndef KVM101_GDB_KVM_H
#define KVM101_GDB_KVM_H

#include <stdbool.h>

#include "gdb_commands.h"
#include "hypercall_host.h"
#include "run.h"
#include "sw_breakpoint.h"
#include "vcpu.h"

#define GDB_KVM_BREAKPOINTS 16

struct gdb_kvm {
    /* Set by the chapter. */
    struct vcpu *vcpu;
    struct hypercall_host *host;
    double timeout; /* for each resume: the guest's running time */

    /* The stub's state. */
    bool int3_works;                          /* Z0 as an int3 (or a DR) */
    struct sw_breakpoints software;           /* our int3s */
    struct sw_breakpoint *lifted;             /* out for a step, or NULL */
    int breakpoints;                          /* hardware: how many */
    uint64_t breakpoint[GDB_KVM_BREAKPOINTS]; /* their addresses */
    enum run_outcome outcome;                 /* of the last run */
    unsigned long steps;                      /* single steps taken */
    unsigned long passed_on;                  /* the guest's own int3s */
};

/* The target operations, with kvm as their context. Sets kvm->int3_works
 * for this host (guest_debug_int3() == INT3_STOPS). */
void gdb_kvm_target(struct gdb_kvm *kvm, struct gdb_target *target);

/* gdb is gone (detached, or lost): every breakpoint out (our int3s too),
 * debugging off, and the guest runs on to its end. Returns the last run's
 * outcome (kvm->outcome). */
enum run_outcome gdb_kvm_run_to_end(struct gdb_kvm *kvm);

/* Pure, unit-tested: kvm_regs and kvm_sregs (and kvm_fpu, may be NULL) to
 * gdb's `g` bytes, and the `g` bytes back into kvm_regs. */
#define GDB_KVM_REGISTER_COUNT 57
#define GDB_KVM_REGISTER_BYTES 536
extern const uint8_t gdb_kvm_register_sizes[GDB_KVM_REGISTER_COUNT];
void gdb_kvm_pack(const struct kvm_regs *regs, const struct kvm_sregs *sregs,
                  const struct kvm_fpu *fpu, uint8_t *bytes);
void gdb_kvm_unpack(const uint8_t *bytes, struct kvm_regs *regs);

#endif
