/*
 * linux_boot.h - the x86 Linux boot protocol
 * (Documentation/arch/x86/boot.rst): what a boot loader reads from a
 * bzImage's setup header, where it puts the kernel, the command line, the
 * initramfs and the "zero page" (struct boot_params) that tells the kernel
 * about all of them, and the state the 64-bit entry point wants.
 *
 * The parts are separate, in the order a loader works: check the file
 * (pure), place and write everything into guest memory (pure: a buffer in,
 * nothing written unless every check passed), then set up the vCPU.
 *
 * Introduced in chapter 12.
 */
#ifndef KVM101_LINUX_BOOT_H
#define KVM101_LINUX_BOOT_H

#include <stddef.h>
#include <stdint.h>

#include "machine.h"

// ANCHOR: header_fields
/* Offsets in the bzImage file (and in the zero page, which starts with a
 * copy of the file's first sector's fields). */
#define LINUX_SETUP_SECTS 0x1f1      /* 1 byte: 512-byte setup sectors */
#define LINUX_BOOT_FLAG 0x1fe        /* 2 bytes: 0xaa55 */
#define LINUX_JUMP 0x200             /* 2 bytes: a jump; byte 2 is the */
                                     /* setup header's length - 0x202 + 0x200 */
#define LINUX_HEADER 0x202           /* 4 bytes: "HdrS" */
#define LINUX_VERSION 0x206          /* 2 bytes: protocol, 0x020f = 2.15 */
#define LINUX_TYPE_OF_LOADER 0x210   /* 1 byte: who loaded it */
#define LINUX_LOADFLAGS 0x211        /* 1 byte */
#define LINUX_RAMDISK_IMAGE 0x218    /* 4 bytes: initramfs address */
#define LINUX_RAMDISK_SIZE 0x21c     /* 4 bytes */
#define LINUX_CMD_LINE_PTR 0x228     /* 4 bytes: command line address */
#define LINUX_INITRD_ADDR_MAX 0x22c  /* 4 bytes: highest initramfs byte */
#define LINUX_KERNEL_ALIGNMENT 0x230 /* 4 bytes */
#define LINUX_XLOADFLAGS 0x236       /* 2 bytes */
#define LINUX_CMDLINE_SIZE 0x238     /* 4 bytes: longest command line */
#define LINUX_PREF_ADDRESS 0x258     /* 8 bytes: where it would run */
#define LINUX_INIT_SIZE 0x260        /* 4 bytes: memory it needs there */

#define LINUX_LOADED_HIGH 0x01 /* loadflags: protected-mode code at 1 MiB */
#define LINUX_XLF_KERNEL_64 0x01 /* xloadflags: 64-bit entry at +0x200 */
#define LINUX_ENTRY_64_OFFSET 0x200

/* The zero page's own fields (struct boot_params). */
#define LINUX_E820_ENTRIES 0x1e8 /* 1 byte: how many */
#define LINUX_E820_TABLE 0x2d0   /* 20-byte entries */
#define LINUX_E820_MAX 128
#define LINUX_E820_RAM 1
#define LINUX_E820_RESERVED 2
#define LINUX_ZERO_PAGE_SIZE 4096
// ANCHOR_END: header_fields

// ANCHOR: layout
/* Where everything goes in guest-physical memory (one table, as the
 * figure in the book shows it). */
#define LINUX_BOOT_GDT 0x1000     /* GDT: null, null, code 0x10, data 0x18 */
#define LINUX_BOOT_TABLES 0x2000  /* page tables: PML4, PDPT, PDs */
#define LINUX_BOOT_TABLES_SIZE 0x4000
#define LINUX_ZERO_PAGE 0x7000    /* struct boot_params */
#define LINUX_CMDLINE 0x20000     /* the command line, with its NUL */
#define LINUX_CMDLINE_ROOM 0x10000
#define LINUX_EBDA 0x9fc00        /* reserved: 0x9fc00-0xfffff holds */
#define LINUX_HIGH_MEMORY 0x100000 /* the BIOS's data and ROMs on a PC */
#define LINUX_KERNEL 0x100000     /* the protected-mode kernel: 1 MiB */
// ANCHOR_END: layout

/* What the setup header says about a kernel. */
struct linux_kernel {
    uint16_t version;        /* 0x020f is protocol 2.15 */
    unsigned setup_size;     /* bytes of 16-bit setup code and header */
    uint8_t loadflags;
    uint16_t xloadflags;
    uint32_t initrd_addr_max;
    uint32_t cmdline_size;   /* longest command line, without its NUL */
    uint32_t init_size;      /* memory the kernel needs where it runs */
    uint64_t pref_address;   /* where it runs, if it can choose */
    const uint8_t *file;     /* the whole bzImage */
    size_t file_size;
    const uint8_t *code;     /* the protected-mode part, after the setup */
    size_t code_size;
};

/* Check a bzImage and read its setup header. Returns 0, or -1 with errno:
 * ENOEXEC (not a bzImage: too short, no 0xaa55 or no "HdrS"),
 * EPROTONOSUPPORT (protocol older than 2.06, *kernel->version says which),
 * ENOSYS (no 64-bit entry point: protocol before 2.12 or no
 * XLF_KERNEL_64). Pure; unit-tested with fake headers. */
int linux_kernel_check(const uint8_t *file, size_t size,
                       struct linux_kernel *kernel);

/* Where linux_boot_load() put things. */
struct linux_boot_plan {
    uint64_t zero_page, cmdline, kernel, entry;
    uint64_t initrd, initrd_size;
    int e820_entries;
    /* KVM's paravirtual features (bits of CPUID leaf KVM_CPUID_FEATURES,
     * <linux/kvm_para.h>) to keep from the guest: none after
     * linux_boot_load(); the caller may set some before linux_boot_enter(). */
    uint32_t kvm_features_off;
};

/* Load a checked kernel, an initramfs (may be empty) and a command line
 * into guest memory `memory` of `memory_size` bytes (guest-physical 0),
 * and fill the zero page. Nothing is written unless everything fits.
 * Returns 0, or -1 with errno: E2BIG (the command line is longer than
 * cmdline_size), ENOMEM (the kernel, with init_size, does not fit in
 * memory), EFBIG (the initramfs does not fit between the kernel and the
 * end of memory or initrd_addr_max). Pure; unit-tested. */
int linux_boot_load(uint8_t *memory, uint64_t memory_size,
                    const struct linux_kernel *kernel, const uint8_t *initrd,
                    size_t initrd_size, const char *cmdline,
                    struct linux_boot_plan *plan);

/* The 64-bit entry, as boot.rst asks: long mode with the kernel, zero page
 * and command line identity-mapped, a GDT with flat code at 0x10 and data
 * at 0x18 loaded in CS and DS/ES/SS, interrupts off, RSI the zero page.
 * Also gives the vCPU the CPUID KVM supports, less plan->kvm_features_off.
 * Returns 0, or -1 with errno
 * set and *failed_step naming what failed. */
int linux_boot_enter(struct machine *machine,
                     const struct linux_boot_plan *plan,
                     const char **failed_step);

#endif
