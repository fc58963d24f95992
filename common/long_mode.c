/*
 * long_mode.c - starting a vCPU in long mode. Introduced in chapter 05.
 */
#include <errno.h>
#include <string.h>

#include "cpuid.h"
#include "long_mode.h"
#include "paging.h"
#include "segment.h"
#include "x86.h"

// ANCHOR: long_mode_gdt
void long_mode_gdt(uint64_t entries[3])
{
    entries[0] = 0; /* the null descriptor */
    /* In 64-bit mode base and limit are ignored for code and data; what
     * matters is L = 1 (64-bit code) with D = 0. */
    entries[1] = x86_descriptor(0, 0xfffff,
                                SEG_P | SEG_S | SEG_TYPE_CODE |
                                    SEG_TYPE_CODE_READ | SEG_TYPE_ACCESSED,
                                SEG_G | SEG_L);
    entries[2] = x86_descriptor(0, 0xfffff,
                                SEG_P | SEG_S | SEG_TYPE_DATA_WRITE |
                                    SEG_TYPE_ACCESSED,
                                SEG_G | SEG_DB);
}
// ANCHOR_END: long_mode_gdt

// ANCHOR: long_mode_enter
int long_mode_enter(struct vcpu *vcpu, const struct gdt *gdt,
                    uint16_t code_selector, uint16_t data_selector,
                    uint64_t cr3, uint64_t rip, uint64_t rsp)
{
    const struct cpu_mode long_mode = {
        .cr0 = CR0_PE | CR0_PG | /* paging is not optional in long mode */
               CR0_WP,          /* read-only pages hold at CPL 0 too */
        .cr3 = cr3,             /* the PML4 */
        .cr4 = CR4_PAE |        /* 64-bit page-table entries */
               CR4_OSFXSR,      /* the OS saves SSE state: SSE allowed */
        /* LME asks for long mode; LMA says it is active. A guest sets
         * only LME and the CPU sets LMA when paging goes on; KVM_SET_SREGS
         * sets the result directly, so we give both. */
        .efer = EFER_LME | EFER_LMA,
    };

    return cpu_mode_enter(vcpu, gdt, code_selector, data_selector,
                          &long_mode, rip, rsp);
}
// ANCHOR_END: long_mode_enter

// ANCHOR: long_mode_tss
/* A 64-bit TSS is 104 bytes: RSP0-2 (the stacks for entering CPL 0-2 from
 * a less privileged level), IST1-7 (stacks an IDT gate can name) and the
 * offset of the I/O permission bitmap. All zero but that offset, set to
 * the TSS's size: no bitmap, so CPL 3 port I/O depends on IOPL alone. */
#define TSS_SIZE 104
#define TSS_IOMAP_BASE 102

int long_mode_tss_write(struct vm *vm, uint64_t address,
                        uint64_t descriptor[2])
{
    uint8_t *tss = vm_guest_to_host(vm, address, TSS_SIZE);

    if (!tss) {
        errno = EFAULT;
        return -1;
    }
    memset(tss, 0, TSS_SIZE);
    tss[TSS_IOMAP_BASE] = TSS_SIZE; /* little-endian 16-bit value */
    /* In 64-bit mode a TSS descriptor takes two GDT entries: the usual 8
     * bytes (S = 0, type busy TSS, as ltr leaves it) and bits 63:32 of the
     * base in the next entry's low half, 0 here. */
    descriptor[0] = x86_descriptor(address, TSS_SIZE - 1,
                                   SEG_P | SEG_TYPE_TSS_BUSY, 0);
    descriptor[1] = 0;
    return 0;
}

/* Load TR as ltr would (the hidden part from the descriptor), and turn on
 * EFER.NXE when the vCPU's CPUID offers NX: KVM refuses NXE otherwise. */
int long_mode_load_tr(struct vcpu *vcpu, uint16_t selector,
                      uint64_t descriptor, bool nx)
{
    struct kvm_sregs sregs;

    if (vcpu_get_sregs(vcpu, &sregs) < 0)
        return -1;
    sregs.tr = x86_segment_from_descriptor(selector, descriptor);
    if (nx)
        sregs.efer |= EFER_NXE;
    return vcpu_set_sregs(vcpu, &sregs);
}
// ANCHOR_END: long_mode_tss

// ANCHOR: long_mode_boot
int long_mode_boot(struct machine *machine, uint64_t rip, uint64_t rsp,
                   const char **failed_step)
{
    /* null, code, data (long_mode_gdt), and the TSS's two entries */
    static uint64_t entries[5];
    const struct gdt gdt = {LONG_MODE_GDT, entries, 5};
    struct page_tables tables;
    struct cpuid_result cpuid;

    long_mode_gdt(entries);
    if (cpuid_set_supported(machine->kvm_fd, &machine->vcpu, &cpuid,
                            failed_step) < 0)
        return -1;
    *failed_step = "writing the GDT, the TSS and the page tables";
    if (long_mode_tss_write(&machine->vm, LONG_MODE_TSS, &entries[3]) < 0 ||
        gdt_write(&machine->vm, &gdt) < 0 ||
        page_tables_init(&tables, &machine->vm, LONG_MODE_TABLES,
                         LONG_MODE_TABLES_SIZE) < 0)
        return -1;
    for (uint64_t address = 0; address < LONG_MODE_MAPPED; address += PAGE_2M)
        if (page_tables_map(&tables, address, address, PAGE_2M, PTE_RW) < 0)
            return -1;
    *failed_step = "KVM_SET_SREGS";
    if (long_mode_enter(&machine->vcpu, &gdt, X86_SELECTOR(1, 0),
                        X86_SELECTOR(2, 0), tables.root, rip, rsp) < 0)
        return -1;
    /* The reset TR (a 16-bit TSS on AMD, a 32-bit one on Intel, at 0)
     * would do while nothing reads it; a real one makes every host alike,
     * and CPL 3 or an IST stack need it. NXE as the selftests set it
     * (chapter 05). */
    return long_mode_load_tr(&machine->vcpu, LONG_MODE_TSS_SELECTOR,
                             entries[3], cpuid.has_nx);
}
// ANCHOR_END: long_mode_boot
