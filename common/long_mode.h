/*
 * long_mode.h - starting a vCPU in 64-bit long mode: paging on with 4-level
 * tables (CR3, CR4.PAE), EFER.LME and LMA, and a 64-bit code segment.
 *
 * Introduced in chapter 05.
 */
#ifndef KVM101_LONG_MODE_H
#define KVM101_LONG_MODE_H

#include <stdbool.h>
#include <stdint.h>

#include "machine.h"
#include "protected_mode.h"

/* The GDT long mode needs: entry 0 null, 1 (selector 0x08) 64-bit code,
 * 2 (0x10) flat data. Fills entries[0..2]. */
void long_mode_gdt(uint64_t entries[3]);

/* cpu_mode_enter() with everything long mode needs. code_selector must
 * name a descriptor with L set. KVM_SET_SREGS does not check the vCPU's
 * CPUID, but a guest that checks it (or writes EFER itself, chapter 06)
 * needs one that offers long mode: call cpuid_set_supported() first. */
int long_mode_enter(struct vcpu *vcpu, const struct gdt *gdt,
                    uint16_t code_selector, uint16_t data_selector,
                    uint64_t cr3, uint64_t rip, uint64_t rsp);

/* Where long_mode_boot() puts its GDT, its TSS and its page tables:
 * 0x1000-0x4fff. The TSS is GDT entries 3 and 4 (selector 0x18). */
#define LONG_MODE_GDT 0x1000
#define LONG_MODE_TSS 0x1080
#define LONG_MODE_TSS_SELECTOR 0x18
#define LONG_MODE_TABLES 0x2000
#define LONG_MODE_TABLES_SIZE 0x3000
/* It maps the first 1 GiB, memory or not: where no memory is behind an
 * address, an access is a KVM_EXIT_MMIO, which is how devices are found. */
#define LONG_MODE_MAPPED (1ull << 30)

/* Chapter 05's set-up in one call, for chapters that only want 64-bit
 * code to run: the CPUID KVM supports, a GDT (null, code 0x08, data
 * 0x10, a 64-bit TSS 0x18 that TR holds) at LONG_MODE_GDT, page tables at LONG_MODE_TABLES that map the
 * first LONG_MODE_MAPPED bytes to themselves with 2 MiB pages, and long mode at
 * rip with the stack at rsp. Returns 0, or -1 with errno set and
 * *failed_step naming what failed. Introduced in chapter 07. */
int long_mode_boot(struct machine *machine, uint64_t rip, uint64_t rsp,
                   const char **failed_step);

/* Write a 64-bit TSS (104 bytes, all zero but the I/O bitmap offset: no
 * bitmap, so CPL 3 port I/O depends on IOPL alone) at guest-physical
 * `address`, and its two GDT entries (a busy TSS, as ltr leaves it) into
 * descriptor[0..1]. Returns 0, or -1 with errno EFAULT (not in guest
 * memory). Chapter 14 exports it for user_mode.c. */
int long_mode_tss_write(struct vm *vm, uint64_t address,
                        uint64_t descriptor[2]);

/* Load TR as ltr would (the hidden part from the descriptor), and turn on
 * EFER.NXE when nx (the vCPU's CPUID offers NX: KVM refuses NXE
 * otherwise). Returns 0, or -1 with errno set. */
int long_mode_load_tr(struct vcpu *vcpu, uint16_t selector,
                      uint64_t descriptor, bool nx);

#endif
