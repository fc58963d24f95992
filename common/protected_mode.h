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

/* Point GDTR at the table, set CR0.PE, load CS from code_selector and DS,
 * ES, FS, GS and SS from data_selector (with the hidden parts the CPU would
 * load from those GDT entries), and start at eip with the stack at esp.
 * Returns 0, or -1 with errno set (EINVAL: a selector outside the table). */
int protected_mode_enter(struct vcpu *vcpu, const struct gdt *gdt,
                         uint16_t code_selector, uint16_t data_selector,
                         uint32_t eip, uint32_t esp);

#endif
