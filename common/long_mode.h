/*
 * long_mode.h - starting a vCPU in 64-bit long mode: paging on with 4-level
 * tables (CR3, CR4.PAE), EFER.LME and LMA, and a 64-bit code segment.
 *
 * Introduced in chapter 05.
 */
#ifndef KVM101_LONG_MODE_H
#define KVM101_LONG_MODE_H

#include <stdint.h>

#include "protected_mode.h"

/* cpu_mode_enter() with everything long mode needs. code_selector must
 * name a descriptor with L set. KVM_SET_SREGS does not check the vCPU's
 * CPUID, but a guest that checks it (or writes EFER itself, chapter 06)
 * needs one that offers long mode: call cpuid_set_supported() first. */
int long_mode_enter(struct vcpu *vcpu, const struct gdt *gdt,
                    uint16_t code_selector, uint16_t data_selector,
                    uint64_t cr3, uint64_t rip, uint64_t rsp);

#endif
