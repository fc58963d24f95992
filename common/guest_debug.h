/*
 * guest_debug.h - debugging a guest from the host: KVM_SET_GUEST_DEBUG,
 * which makes KVM single-step the vCPU or stop it at a breakpoint with
 * KVM_EXIT_DEBUG, and the x86 debug registers that hold hardware
 * breakpoints: DR0-DR3 (four addresses) and DR7 (what each one watches).
 *
 * The guest's own debug registers are untouched: KVM loads these while it
 * runs the guest for us, and tells us of every hit.
 *
 * Introduced in chapter 15.
 */
#ifndef KVM101_GUEST_DEBUG_H
#define KVM101_GUEST_DEBUG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "hypercall_host.h"
#include "run.h"
#include "vcpu.h"

#define GUEST_DEBUG_SLOTS 4 /* DR0-DR3 */
#define BP_VECTOR 3 /* #BP, the exception an int3 raises */

// ANCHOR: dr7
/* DR7, per slot N (Intel SDM Vol. 3B, "Debug Registers"):
 *   bit 2N       LN, enabled (locally: for this task; KVM honours it)
 *   bits 16+4N   R/WN: 00 execute, 01 write, 11 read or write
 *   bits 18+4N   LENN: 00 one byte, 01 two, 11 four, 10 eight
 *   (an execute breakpoint must have LEN 00). */
#define DR7_LOCAL_ENABLE(slot) (1ull << (2 * (slot)))
#define DR7_RW_SHIFT(slot) (16 + 4 * (slot))
#define DR7_LEN_SHIFT(slot) (18 + 4 * (slot))
#define DR7_RW_EXECUTE 0x0ull
#define DR7_RW_WRITE 0x1ull
#define DR7_RW_READ_WRITE 0x3ull
#define DR7_LOCAL_EXACT (1ull << 8) /* LE: report the exact instruction */
#define DR7_FIXED_ONE (1ull << 10)  /* reads as 1 */

/* DR6: which condition a debug exception reports. */
#define DR6_HIT(slot) (1ull << (slot)) /* B0-B3: breakpoint N matched */
#define DR6_SINGLE_STEP (1ull << 14)   /* BS: the trap flag's step */

/* DR7 for execution breakpoints in the slots whose bit is set in
 * `slots` (bit N: DRN). Pure: unit-tested. */
uint64_t guest_debug_dr7_execute(unsigned slots);
// ANCHOR_END: dr7

/* KVM_SET_GUEST_DEBUG: `control` is 0 (debugging off) or
 * KVM_GUESTDBG_ENABLE with KVM_GUESTDBG_SINGLESTEP, KVM_GUESTDBG_USE_HW_BP
 * (then addresses[0..3] go to DR0-DR3 and dr7 to DR7; addresses may be
 * NULL otherwise) or KVM_GUESTDBG_USE_SW_BP (int3 exits to us instead of
 * reaching the guest). Returns 0, or -1 with errno set. */
int guest_debug_set(struct vcpu *vcpu, uint32_t control,
                    const uint64_t addresses[GUEST_DEBUG_SLOTS], uint64_t dr7);

// ANCHOR: int3
/* What an int3 does, by host, in a guest that KVM debugs with
 * KVM_GUESTDBG_USE_SW_BP (decided by identity, never by trying): */
enum guest_debug_int3 {
    INT3_STOPS,  /* KVM_EXIT_DEBUG, exception 3, rip still at the int3:
                    hardware KVM (Intel, AMD) */
    INT3_FAILS,  /* KVM_EXIT_INTERNAL_ERROR (emulation failure): nested
                    PVM's instruction emulator, which runs guest kernel
                    code, cannot do int3 */
    INT3_MISSED, /* no exit: the #BP goes into the guest. QEMU's emulated
                    SVM checks an int3 against the INTn intercept, never
                    the #BP intercept that KVM sets */
};
enum guest_debug_int3 guest_debug_int3(void);
// ANCHOR_END: int3

/* The host address of `length` bytes at guest virtual `address`, all in
 * one page: the guest's page tables (KVM_TRANSLATE), then our memory
 * slots. NULL with errno (ENOENT: not mapped; EFAULT: no memory there). */
void *guest_debug_virtual(struct vcpu *vcpu, uint64_t address, size_t length,
                          bool write);

/* What a KVM_EXIT_DEBUG reports, for people: "exception 3 (#BP, an
 * int3)", "exception 1 (#DB, a single step)", ... Pure: unit-tested. */
const char *guest_debug_describe(const struct kvm_debug_exit_arch *debug,
                                 char *text, size_t size);

/* Run the guest until it stops, its hypercalls served (host->console
 * shows its text), and say on `out` what stopped it when the run loop
 * did not know the exit: "host: KVM_EXIT_DEBUG at rip ...: exception 3
 * (#BP, an int3)", or the exit, decoded. Prints, like hypercall_run().
 * Returns the run's outcome. */
enum run_outcome guest_debug_run_and_tell(FILE *out, struct vcpu *vcpu,
                                          struct hypercall_host *host,
                                          double timeout);

#endif
