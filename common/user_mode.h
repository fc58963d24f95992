/*
 * user_mode.h - starting a vCPU directly at CPL 3 in 64-bit long mode,
 * with no kernel in the guest: the host builds a GDT with user segments, a
 * 64-bit TSS and page tables that map only the regions the guest may
 * reach, each with its own rights, and sets RFLAGS.IOPL = 3 (and, for
 * nested PVM, an I/O bitmap in the TSS) so that the guest's `in` and `out`
 * are allowed at CPL 3 and exit to the host.
 *
 * Why start there instead of letting guest code drop to CPL 3 with iretq:
 * on nested PVM (HOST.md) CPL 0 code is emulated and an `out` after an
 * iretq to CPL 3 faults, while a vCPU the host starts at CPL 3 runs
 * natively and its `out` exits; everywhere, a guest with no CPL 0 code
 * has no kernel to escape into. With no IDT, any fault is a triple fault
 * (KVM_EXIT_SHUTDOWN).
 *
 * The same tables can start a vCPU at CPL 0 (cpl = 0), for comparison
 * (chapter 14): CPL 0 may use user pages unless CR4.SMEP/SMAP, which this
 * does not set.
 *
 * Guest-virtual = guest-physical throughout. Like every helper, these
 * return -1 with errno set and never print.
 *
 * Chapter 13 (the sandbox) runs untrusted code this way; chapter 14
 * measures exits with it.
 *
 * Introduced in chapter 13.
 */
#ifndef KVM101_USER_MODE_H
#define KVM101_USER_MODE_H

#include <stdbool.h>
#include <stdint.h>

#include "machine.h"

/* The GDT user_mode_boot() writes: null, kernel code and data (as chapter
 * 05's), user code and data (DPL 3), and the TSS's two entries. */
#define USER_MODE_KERNEL_CS 0x08
#define USER_MODE_KERNEL_DS 0x10
#define USER_MODE_USER_CS (0x18 | 3) /* RPL 3 */
#define USER_MODE_USER_DS (0x20 | 3)
#define USER_MODE_TSS_SELECTOR 0x28
#define USER_MODE_GDT_ENTRIES 7
/* The TSS follows the GDT, with an I/O permission bitmap for all 65536
 * ports and its closing byte: three pages in all. */
#define USER_MODE_TSS_SIZE 104
#define USER_MODE_IO_BITMAP_SIZE 8192
#define USER_MODE_SYSTEM_AREA 0x3000

/* What a region allows: it can always be read (by CPL 3 unless
 * USER_SUPERVISOR); writing and executing are separate rights. */
#define USER_WRITE 0x1
#define USER_EXEC 0x2
#define USER_SUPERVISOR 0x4 /* only CPL 0 may touch it (a device, say) */

struct user_region {
    uint64_t address; /* page-aligned; mapped at the same virtual address */
    uint64_t size;    /* a multiple of 4 KiB */
    unsigned rights;  /* USER_WRITE | USER_EXEC | USER_SUPERVISOR */
};

struct user_mode_plan {
    uint64_t system_area; /* USER_MODE_SYSTEM_AREA bytes for the GDT and the
                             TSS, mapped for CPL 0 only: the CPU reads
                             them, CPL 3 cannot */
    uint64_t tables;      /* room for page tables, mapped nowhere */
    uint64_t tables_size;
    const struct user_region *regions;
    int region_count;
    uint64_t rip, rsp;
    int cpl;              /* 3, or 0 for the same machine at CPL 0 */
};

/* A writable page that is also executable is refused (EINVAL): what the
 * guest can write, it must not run. Pure: unit-tested. */
bool user_region_valid(const struct user_region *region);

/* Give the vCPU the CPUID KVM supports, write the GDT and TSS into the
 * system area and the page tables into their room, and start long mode at
 * plan->cpl with RFLAGS.IOPL = 3 and IF = 0 at rip, the stack at rsp.
 * Pages without USER_EXEC are no-execute when the CPU has NX. Returns 0,
 * or -1 with errno set (EINVAL: a bad region or cpl; ENOSPC: the tables
 * do not fit their room; EFAULT: the system area or the room is not guest
 * memory) and *failed_step naming the step. */
int user_mode_boot(struct machine *machine, const struct user_mode_plan *plan,
                   const char **failed_step);

#endif
