/*
 * Chapter 05 - long mode.
 *
 * 64-bit code needs paging. The host gives the vCPU a CPUID that offers
 * long mode, builds 4-level page tables in guest memory, and sets CR3,
 * CR4.PAE, EFER.LME/LMA, CR0.PG and a 64-bit code segment with
 * KVM_SET_SREGS. The guest writes through a higher-half virtual address
 * that the tables map onto a low physical page, and the host follows the
 * same tables by hand to find that page, then asks KVM to do the same.
 *
 * Guest memory (4 MiB, identity-mapped with two 2 MiB pages):
 *   0x00800  the GDT: null, 64-bit code 0x08, data 0x10
 *   0x01000  the guest image, started at 0008:1000
 *   0x09000  the shared page, also mapped at 0xffff800000000000
 *   0x10000  the page tables (up to 16 pages)
 *   0x80000  top of the stack, growing down
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "chapter.h"
#include "cli.h"
#include "cpuid.h"
#include "diagnose.h"
#include "dump.h"
#include "guest.h"
#include "long_mode.h"
#include "machine.h"
#include "paging.h"
#include "report.h"
#include "segment.h"
#include "trace.h"

// ANCHOR: layout
#define GUEST_MEMORY_SIZE 0x400000 /* 4 MiB */
#define GDT_ADDRESS 0x0800
#define LOAD_ADDRESS 0x1000
#define SHARED_PAGE 0x9000
#define IMAGE_ROOM (SHARED_PAGE - LOAD_ADDRESS) /* 32 KiB */
#define PAGE_TABLES 0x10000
#define PAGE_TABLES_SIZE 0x10000
#define STACK_TOP 0x80000
#define HIGHER_HALF 0xffff800000000000ull
#define EXPECTED_RESULT 2432902008176640000ull /* 20! */
// ANCHOR_END: layout

#define CODE_SELECTOR X86_SELECTOR(1, 0)
#define DATA_SELECTOR X86_SELECTOR(2, 0)

GUEST_EMBEDDED(guest_05_long_mode);

static const struct chapter chapter = {
    .name = "05-long-mode",
    .summary = "Build 4-level page tables, enter 64-bit long mode with "
               "KVM_SET_SREGS, and\nfollow a higher-half address through "
               "the tables by hand and with KVM_TRANSLATE.",
    .runs_guest = true,
    .guest_help = "a flat 64-bit binary of at most 32 KiB, loaded at 0x1000 "
                  "in 4 MiB of\nmemory and started at 0008:1000 in long "
                  "mode, with 0-4 MiB identity-mapped,\n0xffff800000000000 "
                  "mapped to 0x9000 and RSP = 0x80000.",
};

// ANCHOR: gdt
/* Filled by long_mode_gdt(): null, 64-bit code 0x08, data 0x10. */
static uint64_t gdt_entries[3];
static const struct gdt gdt = {GDT_ADDRESS, gdt_entries, 3};
// ANCHOR_END: gdt

// ANCHOR: build_page_tables
static int build_page_tables(struct vm *vm, struct page_tables *tables)
{
    if (page_tables_init(tables, vm, PAGE_TABLES, PAGE_TABLES_SIZE) < 0)
        return -1;
    /* Identity: virtual = physical for all 4 MiB, two 2 MiB pages. */
    for (uint64_t address = 0; address < GUEST_MEMORY_SIZE;
         address += PAGE_2M)
        if (page_tables_map(tables, address, address, PAGE_2M, PTE_RW) < 0)
            return -1;
    /* One 4 KiB page high up, onto the shared page low down. */
    return page_tables_map(tables, HIGHER_HALF, SHARED_PAGE, PAGE_4K, PTE_RW);
}
// ANCHOR_END: build_page_tables

// ANCHOR: show_translation
/* Where does HIGHER_HALF lead? Our own walk, step by step under --trace,
 * and KVM's answer. */
static int show_translation(struct machine *machine, uint64_t cr3)
{
    struct page_walk walk;
    uint64_t by_kvm;
    char flags[64];
    int agree;

    if (x86_page_walk(&machine->vm, cr3, HIGHER_HALF, &walk) < 0)
        return report_error("walking the page tables for %#llx",
                            HIGHER_HALF);
    trace("walk of %#llx from cr3 = %#" PRIx64 ":", HIGHER_HALF, cr3);
    for (int i = 0; i < walk.steps; i++) {
        const struct walk_step *s = &walk.step[i];

        trace("%-4s[%3u] at %#07" PRIx64 " = %016" PRIx64 " [%s]",
              x86_paging_level_name(s->level), s->index, s->entry_address,
              s->entry,
              dump_flags(flags, sizeof(flags), s->entry & ~PTE_ADDRESS,
                         x86_pte_flags));
    }
    if (vcpu_translate(&machine->vcpu, HIGHER_HALF, &by_kvm) < 0)
        return report_error("KVM_TRANSLATE %#llx", HIGHER_HALF);
    agree = by_kvm == walk.physical_address;
    printf("host: %#llx -> %#" PRIx64 " by our walk, %#" PRIx64
           " by KVM_TRANSLATE: %s\n",
           HIGHER_HALF, walk.physical_address, by_kvm,
           agree ? "ok" : "DIFFERENT");
    return agree ? EXIT_OK : EXIT_ERROR;
}
// ANCHOR_END: show_translation

// ANCHOR: check_results
static int check_results(const struct machine *machine)
{
    uint64_t rbx = machine->vcpu.run->s.regs.regs.rbx, stored;

    memcpy(&stored, machine->memory + SHARED_PAGE, sizeof(stored));
    printf("host: rbx = %" PRIu64 " (20! is %llu): %s\n", rbx,
           EXPECTED_RESULT, rbx == EXPECTED_RESULT ? "ok" : "WRONG");
    printf("host: qword at %#x = %" PRIu64 ": %s\n", SHARED_PAGE, stored,
           stored == EXPECTED_RESULT ? "ok" : "WRONG");
    return rbx == EXPECTED_RESULT && stored == EXPECTED_RESULT ? EXIT_OK
                                                               : EXIT_ERROR;
}
// ANCHOR_END: check_results

/* CPUID, GDT, page tables, image and registers: everything before the
 * guest's first instruction. */
static int set_up(struct machine *machine, const struct guest_image *image,
                  const char *image_name, struct page_tables *tables)
{
    struct cpuid_result cpuid;
    struct kvm_sregs sregs;
    const char *failed_step;

    // ANCHOR: main_setup
    if (cpuid_set_supported(machine->kvm_fd, &machine->vcpu, &cpuid,
                            &failed_step) < 0)
        return report_error("%s", failed_step);
    printf("host: gave the vCPU KVM's CPUID: %d leaves, long mode %s\n",
           cpuid.entries, cpuid.has_long_mode ? "offered" : "NOT offered");
    long_mode_gdt(gdt_entries);
    if (gdt_write(&machine->vm, &gdt) < 0 ||
        build_page_tables(&machine->vm, tables) < 0 ||
        guest_load_flat(&machine->vm, LOAD_ADDRESS, image) < 0)
        return report_error("writing the GDT, page tables and guest");
    printf("host: page tables at %#x, %d pages: 0-4 MiB identity, "
           "%#llx -> %#x\n",
           PAGE_TABLES, (int)((tables->next_free - PAGE_TABLES) / PAGE_4K),
           HIGHER_HALF, SHARED_PAGE);
    if (long_mode_enter(&machine->vcpu, &gdt, CODE_SELECTOR, DATA_SELECTOR,
                        tables->root, LOAD_ADDRESS, STACK_TOP) < 0 ||
        vcpu_get_sregs(&machine->vcpu, &sregs) < 0)
        return report_error("entering long mode");
    // ANCHOR_END: main_setup
    printf("host: the vCPU starts in long mode:\n");
    dump_control_registers(stdout, &sregs);
    dump_segment(stdout, "cs", &sregs.cs);
    printf("host: loaded %s (%zu bytes) at %#x, starting at %04x:%x\n",
           image_name,
           image->size, LOAD_ADDRESS, CODE_SELECTOR, LOAD_ADDRESS);
    return EXIT_OK;
}

int main(int argc, char **argv)
{
    const struct guest_plan plan = {
        .builtin = GUEST_IMAGE(guest_05_long_mode),
        .load_address = LOAD_ADDRESS,
        .room = IMAGE_ROOM,
        .memory_size = GUEST_MEMORY_SIZE,
    };
    struct page_tables tables;
    struct guest_image image;
    struct machine machine;
    struct options options;
    int exit_code;

    if (cli_parse(&chapter, argc, argv, &options, &exit_code) == CLI_EXIT)
        return exit_code;
    exit_code = chapter_begin(&options, &plan, &image, &machine);
    if (exit_code != EXIT_OK)
        return exit_code;
    exit_code = set_up(&machine, &image, chapter_guest_name(&options), &tables);
    if (exit_code == EXIT_OK)
        exit_code = run_and_diagnose(&machine.vcpu, options.timeout);
    if (exit_code == EXIT_OK && !options.guest_path)
        exit_code = check_results(&machine);
    if (exit_code == EXIT_OK)
        exit_code = show_translation(&machine, tables.root);
    chapter_end(&machine, &image);
    return exit_code;
}
