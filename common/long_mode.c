/*
 * long_mode.c - starting a vCPU in long mode. Introduced in chapter 05.
 */
#include "long_mode.h"
#include "x86.h"

// ANCHOR: long_mode_enter
int long_mode_enter(struct vcpu *vcpu, const struct gdt *gdt,
                    uint16_t code_selector, uint16_t data_selector,
                    uint64_t cr3, uint64_t rip, uint64_t rsp)
{
    const struct cpu_mode long_mode = {
        .cr0 = CR0_PE | CR0_PG, /* paging is not optional in long mode */
        .cr3 = cr3,             /* the PML4 */
        .cr4 = CR4_PAE,         /* 64-bit page-table entries */
        /* LME asks for long mode; LMA says it is active. A guest sets
         * only LME and the CPU sets LMA when paging goes on; KVM_SET_SREGS
         * sets the result directly, so we give both. */
        .efer = EFER_LME | EFER_LMA,
    };

    return cpu_mode_enter(vcpu, gdt, code_selector, data_selector,
                          &long_mode, rip, rsp);
}
// ANCHOR_END: long_mode_enter
