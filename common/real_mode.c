/*
 * real_mode.c - starting a vCPU in real mode. Introduced in chapter 03.
 */
#include "real_mode.h"
#include "x86.h"

// ANCHOR: real_mode_segment
/* In real mode a segment register's hidden base is always selector * 16.
 * KVM_SET_SREGS writes the hidden part directly, so both must agree. */
static void set_real_mode_segment(struct kvm_segment *segment,
                                  uint16_t selector)
{
    segment->selector = selector;
    segment->base = X86_REAL_MODE_ADDRESS(selector, 0);
}
// ANCHOR_END: real_mode_segment

// ANCHOR: real_mode_enter
int real_mode_enter(struct vcpu *vcpu, uint16_t segment, uint16_t ip,
                    uint16_t sp)
{
    struct kvm_sregs sregs;
    struct kvm_regs regs = {
        .rip = ip,
        .rsp = sp,
        .rflags = RFLAGS_FIXED, /* bit 1 is always set; IF=0: no interrupts */
    };

    /* Start from the reset state (CR0.PE = 0: real mode) and change only
     * the segments. */
    if (vcpu_get_sregs(vcpu, &sregs) < 0)
        return -1;
    set_real_mode_segment(&sregs.cs, segment);
    set_real_mode_segment(&sregs.ds, segment);
    set_real_mode_segment(&sregs.es, segment);
    set_real_mode_segment(&sregs.ss, segment);
    set_real_mode_segment(&sregs.fs, segment);
    set_real_mode_segment(&sregs.gs, segment);
    if (vcpu_set_sregs(vcpu, &sregs) < 0)
        return -1;
    return vcpu_set_regs(vcpu, &regs);
}
// ANCHOR_END: real_mode_enter
