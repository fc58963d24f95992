/*
 * user_mode.c - a vCPU started directly at CPL 3 in long mode.
 * Introduced in chapter 13.
 */
#include <errno.h>
#include <string.h>

#include "cpuid.h"
#include "long_mode.h"
#include "paging.h"
#include "segment.h"
#include "user_mode.h"
#include "x86.h"

bool user_region_valid(const struct user_region *region)
{
    return region->size > 0 && region->size % PAGE_4K == 0 &&
           region->address % PAGE_4K == 0 &&
           region->address + region->size > region->address &&
           (region->rights & ~(USER_WRITE | USER_EXEC | USER_SUPERVISOR)) ==
               0 &&
           (region->rights & (USER_WRITE | USER_EXEC)) !=
               (USER_WRITE | USER_EXEC);
}

// ANCHOR: user_gdt
/* Chapter 05's three entries, then the same code and data with DPL 3. */
static void user_gdt(uint64_t entries[USER_MODE_GDT_ENTRIES])
{
    long_mode_gdt(entries);
    entries[3] = x86_descriptor(0, 0xfffff,
                                SEG_P | SEG_DPL(3) | SEG_S | SEG_TYPE_CODE |
                                    SEG_TYPE_CODE_READ | SEG_TYPE_ACCESSED,
                                SEG_G | SEG_L);
    entries[4] = x86_descriptor(0, 0xfffff,
                                SEG_P | SEG_DPL(3) | SEG_S |
                                    SEG_TYPE_DATA_WRITE | SEG_TYPE_ACCESSED,
                                SEG_G | SEG_DB);
}
// ANCHOR_END: user_gdt

// ANCHOR: io_bitmap
/* Chapter 05's TSS, with an I/O permission bitmap after it that allows
 * every port (a clear bit allows one; the SDM wants a byte of ones after
 * the last). With IOPL = 3 hardware never reads it; nested PVM does (it
 * keeps the guest's IOPL away from the real RFLAGS, and its emulator
 * finds CPL 3 > IOPL 0), and without it every CPL 3 `out` is a #GP. */
static int tss_with_io_bitmap(struct vm *vm, uint64_t address,
                              uint64_t descriptor[2])
{
    uint8_t *bitmap = vm_guest_to_host(vm, address + USER_MODE_TSS_SIZE,
                                       USER_MODE_IO_BITMAP_SIZE + 1);

    if (!bitmap || long_mode_tss_write(vm, address, descriptor) < 0) {
        errno = EFAULT;
        return -1;
    }
    memset(bitmap, 0, USER_MODE_IO_BITMAP_SIZE);
    bitmap[USER_MODE_IO_BITMAP_SIZE] = 0xff;
    descriptor[0] = x86_descriptor(address,
                                   USER_MODE_TSS_SIZE +
                                       USER_MODE_IO_BITMAP_SIZE,
                                   SEG_P | SEG_TYPE_TSS_BUSY, 0);
    return 0;
}
// ANCHOR_END: io_bitmap

// ANCHOR: map_regions
/* The page-table bits for a region's rights: user unless supervisor,
 * writable only if asked, no-execute unless asked (when NX exists). */
static uint64_t region_flags(unsigned rights, bool nx)
{
    return (rights & USER_SUPERVISOR ? 0 : PTE_US) |
           (rights & USER_WRITE ? PTE_RW : 0) |
           (!(rights & USER_EXEC) && nx ? PTE_NX : 0);
}

static int map_regions(struct page_tables *tables,
                       const struct user_mode_plan *plan, bool nx)
{
    for (int i = 0; i < plan->region_count; i++) {
        const struct user_region *region = &plan->regions[i];

        if (!user_region_valid(region)) {
            errno = EINVAL;
            return -1;
        }
        for (uint64_t at = region->address;
             at < region->address + region->size; at += PAGE_4K)
            if (page_tables_map(tables, at, at, PAGE_4K,
                                region_flags(region->rights, nx)) < 0)
                return -1;
    }
    /* The GDT and TSS: the CPU reads them; the guest cannot. */
    for (uint64_t at = plan->system_area;
         at < plan->system_area + USER_MODE_SYSTEM_AREA; at += PAGE_4K)
        if (page_tables_map(tables, at, at, PAGE_4K,
                            region_flags(USER_SUPERVISOR | USER_WRITE, nx)) <
            0)
            return -1;
    return 0;
}
// ANCHOR_END: map_regions

// ANCHOR: user_mode_boot
int user_mode_boot(struct machine *machine, const struct user_mode_plan *plan,
                   const char **failed_step)
{
    uint64_t entries[USER_MODE_GDT_ENTRIES];
    const struct gdt gdt = {plan->system_area, entries,
                            USER_MODE_GDT_ENTRIES};
    uint64_t tss = plan->system_area + USER_MODE_GDT_ENTRIES * 8;
    bool user = plan->cpl == 3;
    struct page_tables tables;
    struct cpuid_result cpuid;
    struct kvm_regs regs;

    *failed_step = "user_mode_boot: cpl";
    if (plan->cpl != 0 && plan->cpl != 3) {
        errno = EINVAL;
        return -1;
    }
    user_gdt(entries);
    if (cpuid_set_supported(machine->kvm_fd, &machine->vcpu, &cpuid,
                            failed_step) < 0)
        return -1;
    *failed_step = "writing the GDT, the TSS and the page tables";
    if (tss_with_io_bitmap(&machine->vm, tss, &entries[5]) < 0 ||
        gdt_write(&machine->vm, &gdt) < 0 ||
        page_tables_init(&tables, &machine->vm, plan->tables,
                         plan->tables_size) < 0 ||
        map_regions(&tables, plan, cpuid.has_nx) < 0)
        return -1;
    /* SS's DPL is the CPL, on VMX and SVM alike: the data selector's. */
    *failed_step = "KVM_SET_SREGS";
    if (long_mode_enter(&machine->vcpu, &gdt,
                        user ? USER_MODE_USER_CS : USER_MODE_KERNEL_CS,
                        user ? USER_MODE_USER_DS : USER_MODE_KERNEL_DS,
                        tables.root, plan->rip, plan->rsp) < 0 ||
        long_mode_load_tr(&machine->vcpu, USER_MODE_TSS_SELECTOR, entries[5],
                          cpuid.has_nx) < 0)
        return -1;
    /* IOPL 3: in and out are allowed at every CPL, and exit to us (on
     * nested PVM, through the TSS's bitmap). */
    *failed_step = "KVM_SET_REGS";
    if (vcpu_get_regs(&machine->vcpu, &regs) < 0)
        return -1;
    regs.rflags = RFLAGS_FIXED | RFLAGS_IOPL;
    return vcpu_set_regs(&machine->vcpu, &regs);
}
// ANCHOR_END: user_mode_boot
