/*
 * linux_boot.c - the x86 Linux boot protocol. Introduced in chapter 12.
 */
#include <errno.h>
#include <linux/kvm_para.h>
#include <stdlib.h>
#include <string.h>

#include "cpuid.h"
#include "kvm.h"
#include "linux_boot.h"
#include "long_mode.h"
#include "paging.h"
#include "segment.h"
#include "x86.h"

#define SECTOR 512
#define SETUP_SECTS_DEFAULT 4   /* boot.rst: 0 means 4 */
#define PROTOCOL(major, minor) ((major) << 8 | (minor))
#define LOADER_UNKNOWN 0xff     /* type_of_loader: "not in the list" */

static uint16_t get16(const uint8_t *p, unsigned offset)
{
    return p[offset] | p[offset + 1] << 8;
}

static uint32_t get32(const uint8_t *p, unsigned offset)
{
    return get16(p, offset) | (uint32_t)get16(p, offset + 2) << 16;
}

static void put32(uint8_t *p, unsigned offset, uint32_t value)
{
    for (int i = 0; i < 4; i++)
        p[offset + i] = value >> (8 * i);
}

static void put64(uint8_t *p, unsigned offset, uint64_t value)
{
    put32(p, offset, (uint32_t)value);
    put32(p, offset + 4, value >> 32);
}

// ANCHOR: check
int linux_kernel_check(const uint8_t *file, size_t size,
                       struct linux_kernel *kernel)
{
    unsigned setup_sects;

    memset(kernel, 0, sizeof(*kernel));
    /* The header runs to init_size's end; every field we read is there. */
    if (size < LINUX_INIT_SIZE + 4 || get16(file, LINUX_BOOT_FLAG) != 0xaa55 ||
        memcmp(file + LINUX_HEADER, "HdrS", 4) != 0) {
        errno = ENOEXEC;
        return -1;
    }
    kernel->version = get16(file, LINUX_VERSION);
    if (kernel->version < PROTOCOL(2, 6)) { /* cmdline_size came in 2.06 */
        errno = EPROTONOSUPPORT;
        return -1;
    }
    kernel->xloadflags = get16(file, LINUX_XLOADFLAGS);
    if (kernel->version < PROTOCOL(2, 12) ||
        !(kernel->xloadflags & LINUX_XLF_KERNEL_64)) {
        errno = ENOSYS; /* no 64-bit entry point */
        return -1;
    }
    setup_sects = file[LINUX_SETUP_SECTS] ? file[LINUX_SETUP_SECTS]
                                          : SETUP_SECTS_DEFAULT;
    kernel->setup_size = (setup_sects + 1) * SECTOR; /* + the boot sector */
    if (kernel->setup_size >= size) {
        errno = ENOEXEC; /* nothing after the setup code */
        return -1;
    }
    kernel->loadflags = file[LINUX_LOADFLAGS];
    kernel->initrd_addr_max = get32(file, LINUX_INITRD_ADDR_MAX);
    kernel->cmdline_size = get32(file, LINUX_CMDLINE_SIZE);
    kernel->init_size = get32(file, LINUX_INIT_SIZE);
    kernel->pref_address = get32(file, LINUX_PREF_ADDRESS) |
                           (uint64_t)get32(file, LINUX_PREF_ADDRESS + 4) << 32;
    kernel->file = file;
    kernel->file_size = size;
    kernel->code = file + kernel->setup_size;
    kernel->code_size = size - kernel->setup_size;
    return 0;
}
// ANCHOR_END: check

// ANCHOR: e820
/* The memory map, as a PC's firmware reports it: RAM below the EBDA, the
 * BIOS's area up to 1 MiB reserved, RAM from 1 MiB to the end. The hole
 * at 0xa0000-0xeffff (VGA, option ROMs) is simply left out. */
static int write_e820(uint8_t *zero_page, uint64_t memory_size)
{
    static const struct {
        uint64_t start, end;
        uint32_t type;
    } map[] = {
        {0, LINUX_EBDA, LINUX_E820_RAM},
        {LINUX_EBDA, 0xa0000, LINUX_E820_RESERVED},
        {0xf0000, LINUX_HIGH_MEMORY, LINUX_E820_RESERVED},
        {LINUX_HIGH_MEMORY, 0, LINUX_E820_RAM}, /* end: memory_size */
    };
    int count = sizeof(map) / sizeof(map[0]);

    for (int i = 0; i < count; i++) {
        uint8_t *entry = zero_page + LINUX_E820_TABLE + 20 * i;
        uint64_t end = map[i].end ? map[i].end : memory_size;

        put64(entry, 0, map[i].start);
        put64(entry, 8, end - map[i].start);
        put32(entry, 16, map[i].type);
    }
    zero_page[LINUX_E820_ENTRIES] = count;
    return count;
}
// ANCHOR_END: e820

static uint64_t align_up(uint64_t value, uint64_t alignment)
{
    return alignment ? (value + alignment - 1) / alignment * alignment : value;
}

// ANCHOR: load
int linux_boot_load(uint8_t *memory, uint64_t memory_size,
                    const struct linux_kernel *kernel, const uint8_t *initrd,
                    size_t initrd_size, const char *cmdline,
                    struct linux_boot_plan *plan)
{
    size_t cmdline_length = strlen(cmdline);
    uint32_t alignment = get32(kernel->file, LINUX_KERNEL_ALIGNMENT);
    /* The decompressor moves the kernel up to where it runs (pref_address,
     * 16 MiB for Debian's) and needs init_size bytes there. */
    uint64_t runs_at = align_up(LINUX_KERNEL, alignment);
    uint64_t kernel_end, initrd_top;
    uint8_t *zero_page = memory + LINUX_ZERO_PAGE;
    unsigned header_end;

    if (runs_at < kernel->pref_address)
        runs_at = kernel->pref_address;
    kernel_end = runs_at + kernel->init_size;
    if (kernel_end < LINUX_KERNEL + kernel->code_size)
        kernel_end = LINUX_KERNEL + kernel->code_size;
    /* 1. Check everything. */
    if (cmdline_length > kernel->cmdline_size ||
        cmdline_length >= LINUX_CMDLINE_ROOM) {
        errno = E2BIG;
        return -1;
    }
    if (kernel_end > memory_size) {
        errno = ENOMEM;
        return -1;
    }
    initrd_top = memory_size;
    if (initrd_top > (uint64_t)kernel->initrd_addr_max + 1)
        initrd_top = (uint64_t)kernel->initrd_addr_max + 1;
    *plan = (struct linux_boot_plan){
        .zero_page = LINUX_ZERO_PAGE,
        .cmdline = LINUX_CMDLINE,
        .kernel = LINUX_KERNEL,
        .entry = LINUX_KERNEL + LINUX_ENTRY_64_OFFSET,
        .initrd_size = initrd_size,
    };
    /* The initramfs goes as high as it may, on a page boundary. */
    if (initrd_size > 0) {
        if (initrd_size > initrd_top || initrd_top - initrd_size < kernel_end) {
            errno = EFBIG;
            return -1;
        }
        plan->initrd = (initrd_top - initrd_size) & ~(uint64_t)(PAGE_4K - 1);
    }
    /* 2. Write: the kernel, the initramfs, the command line. */
    memcpy(memory + LINUX_KERNEL, kernel->code, kernel->code_size);
    if (initrd_size > 0)
        memcpy(memory + plan->initrd, initrd, initrd_size);
    memcpy(memory + LINUX_CMDLINE, cmdline, cmdline_length + 1);
    /* 3. The zero page: zeros, then the setup header as the file has it
     * (from 0x1f1 to its end, which the jump at 0x200 gives), then what
     * the loader must fill in. */
    memset(zero_page, 0, LINUX_ZERO_PAGE_SIZE);
    header_end = LINUX_JUMP + 2 + kernel->file[LINUX_JUMP + 1];
    memcpy(zero_page + LINUX_SETUP_SECTS, kernel->file + LINUX_SETUP_SECTS,
           header_end - LINUX_SETUP_SECTS);
    zero_page[LINUX_TYPE_OF_LOADER] = LOADER_UNKNOWN;
    zero_page[LINUX_LOADFLAGS] |= LINUX_LOADED_HIGH;
    put32(zero_page, LINUX_CMD_LINE_PTR, LINUX_CMDLINE);
    put32(zero_page, LINUX_RAMDISK_IMAGE, plan->initrd);
    put32(zero_page, LINUX_RAMDISK_SIZE, initrd_size);
    plan->e820_entries = write_e820(zero_page, memory_size);
    return 0;
}
// ANCHOR_END: load

// ANCHOR: cpuid_bits
/* Two CPUID bits in leaf 1's ECX that KVM_GET_SUPPORTED_CPUID leaves to
 * the VMM:
 *   - bit 31, "running under a hypervisor": hardware never sets it. Linux
 *     looks for KVM's own leaves (0x40000000, "KVMKVMKVM") only when it is
 *     set; without them it has no kvmclock and must time the TSC against
 *     the PIT, through the speaker port 0x61, which is not ours.
 *   - bit 24, the TSC-deadline timer: KVM's local APIC has it
 *     (KVM_CAP_TSC_DEADLINE_TIMER) but cannot know whether the VMM wants
 *     it. Without it Linux times its local APIC timer against the PIT at
 *     boot; under an emulator that measure can be far off, and a guest
 *     that halts to wait for the next tick may wait for good. */
#define CPUID_FEATURES 1
#define CPUID_ECX_TSC_DEADLINE (1u << 24)
#define CPUID_ECX_HYPERVISOR (1u << 31)
#define CPUID_ROOM 256

static int cpuid_for_linux(struct machine *machine,
                           const struct linux_boot_plan *plan)
{
    struct kvm_cpuid2 *cpuid = calloc(1, sizeof(*cpuid) +
                                             CPUID_ROOM *
                                                 sizeof(cpuid->entries[0]));
    uint32_t bits = CPUID_ECX_HYPERVISOR;
    int status = -1;

    if (!cpuid)
        return -1;
    if (kvm_check_extension(machine->kvm_fd,
                            KVM_CAP_TSC_DEADLINE_TIMER) > 0)
        bits |= CPUID_ECX_TSC_DEADLINE;
    cpuid->nent = CPUID_ROOM;
    if (KVM_IOCTL(machine->vcpu.fd, KVM_GET_CPUID2, cpuid) == 0) {
        for (unsigned i = 0; i < cpuid->nent; i++)
            if (cpuid->entries[i].function == CPUID_FEATURES)
                cpuid->entries[i].ecx |= bits;
            else if (cpuid->entries[i].function == KVM_CPUID_FEATURES)
                cpuid->entries[i].eax &= ~plan->kvm_features_off;
        status = KVM_IOCTL(machine->vcpu.fd, KVM_SET_CPUID2, cpuid);
    }
    free(cpuid);
    return status;
}
// ANCHOR_END: cpuid_bits

// ANCHOR: enter
int linux_boot_enter(struct machine *machine,
                     const struct linux_boot_plan *plan,
                     const char **failed_step)
{
    /* boot.rst's selectors: __BOOT_CS is 0x10 and __BOOT_DS 0x18. */
    uint64_t entries[4], flat[3];
    const struct gdt gdt = {LINUX_BOOT_GDT, entries, 4};
    struct page_tables tables;
    struct cpuid_result cpuid;
    struct kvm_regs regs;

    long_mode_gdt(flat); /* null, 64-bit code, data */
    entries[0] = entries[1] = 0;
    entries[2] = flat[1];
    entries[3] = flat[2];
    if (cpuid_set_supported(machine->kvm_fd, &machine->vcpu, &cpuid,
                            failed_step) < 0)
        return -1;
    *failed_step = "KVM_SET_CPUID2 (the bits for Linux)";
    if (cpuid_for_linux(machine, plan) < 0)
        return -1;
    /* Map all memory (up to 1 GiB) to itself, with 2 MiB pages: that
     * covers the kernel with its init_size, the zero page and the
     * command line, as the 64-bit protocol asks. */
    *failed_step = "writing the GDT and the page tables";
    if (gdt_write(&machine->vm, &gdt) < 0 ||
        page_tables_init(&tables, &machine->vm, LINUX_BOOT_TABLES,
                         LINUX_BOOT_TABLES_SIZE) < 0)
        return -1;
    for (uint64_t address = 0; address < machine->memory_size &&
                               address < LONG_MODE_MAPPED;
         address += PAGE_2M)
        if (page_tables_map(&tables, address, address, PAGE_2M, PTE_RW) < 0)
            return -1;
    *failed_step = "KVM_SET_SREGS";
    if (long_mode_enter(&machine->vcpu, &gdt, X86_SELECTOR(2, 0),
                        X86_SELECTOR(3, 0), tables.root, plan->entry,
                        LINUX_ZERO_PAGE) < 0)
        return -1;
    /* RSI points at the zero page; RFLAGS.IF is 0 (interrupts off). */
    *failed_step = "KVM_SET_REGS";
    if (vcpu_get_regs(&machine->vcpu, &regs) < 0)
        return -1;
    regs.rsi = plan->zero_page;
    return vcpu_set_regs(&machine->vcpu, &regs);
}
// ANCHOR_END: enter
