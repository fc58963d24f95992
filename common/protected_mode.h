/*
 * protected_mode.h - starting a vCPU in 32-bit protected mode: a GDT in
 * guest memory, GDTR pointing at it, CR0.PE set, and segment registers
 * whose hidden parts agree with the GDT.
 *
 * Introduced in chapter 04.
 */
#ifndef KVM101_PROTECTED_MODE_H
#define KVM101_PROTECTED_MODE_H

#include <stdint.h>

#include "vcpu.h"
#include "vm.h"

/* A global descriptor table: `count` descriptors at guest_address. */
struct gdt {
    uint64_t guest_address;
    const uint64_t *entries;
    int count;
};

/* Copy the table into guest memory. Returns 0, or -1 with errno EFAULT
 * when it does not fit in guest memory. */
int gdt_write(struct vm *vm, const struct gdt *gdt);

/* The control registers that make a CPU mode: bits set on top of the
 * vCPU's reset state (CR0, CR4, EFER), and CR3. */
struct cpu_mode {
    uint64_t cr0;
    uint64_t cr3;
    uint64_t cr4;
    uint64_t efer;
};

/* Point GDTR at the table, load CS from code_selector and DS, ES, FS, GS
 * and SS from data_selector (with the hidden parts the CPU would load from
 * those GDT entries), set the mode's control registers, and start at rip
 * with the stack at rsp. Returns 0, or -1 with errno set (EINVAL: a
 * selector outside the table). */
int cpu_mode_enter(struct vcpu *vcpu, const struct gdt *gdt,
                   uint16_t code_selector, uint16_t data_selector,
                   const struct cpu_mode *mode, uint64_t rip, uint64_t rsp);

/* cpu_mode_enter() with CR0.PE: 32-bit protected mode, no paging. */
int protected_mode_enter(struct vcpu *vcpu, const struct gdt *gdt,
                         uint16_t code_selector, uint16_t data_selector,
                         uint32_t eip, uint32_t esp);

#endif
