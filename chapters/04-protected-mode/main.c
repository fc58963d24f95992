/*
 * Chapter 04 - protected mode.
 *
 * In protected mode a segment register holds a selector: an index into a
 * table of descriptors, the GDT, that lives in memory. The host writes a GDT
 * into guest memory, points GDTR at it, sets CR0.PE and loads the segment
 * registers with KVM_SET_SREGS, filling their hidden parts (base, limit,
 * type: struct kvm_segment) exactly as the CPU would from the GDT. The
 * 32-bit guest then loads FS itself, from an entry the host never loaded,
 * and the host checks that the CPU really read the table.
 *
 * Guest memory (1 MiB):
 *   0x0800  the GDT, four entries
 *   0x1000  the guest image, started at 0008:00001000
 *   0x8000  the "window": base of GDT entry 3, where the guest stores 12!
 *   0x10000 top of the stack, growing down
 */
#include <stdio.h>
#include <string.h>

#include "chapter.h"
#include "cli.h"
#include "diagnose.h"
#include "dump.h"
#include "guest.h"
#include "machine.h"
#include "protected_mode.h"
#include "report.h"
#include "run.h"
#include "segment.h"

// ANCHOR: layout
#define GUEST_MEMORY_SIZE 0x100000 /* 1 MiB */
#define GDT_ADDRESS 0x0800
#define LOAD_ADDRESS 0x1000
#define IMAGE_ROOM (GUEST_MEMORY_SIZE - LOAD_ADDRESS)
#define WINDOW_ADDRESS 0x8000
#define STACK_TOP 0x10000
#define EXPECTED_RESULT 479001600u /* 12! */
// ANCHOR_END: layout

// ANCHOR: gdt
#define CODE_SELECTOR X86_SELECTOR(1, 0)   /* 0x08 */
#define DATA_SELECTOR X86_SELECTOR(2, 0)   /* 0x10 */
#define WINDOW_SELECTOR X86_SELECTOR(3, 0) /* 0x18 */

/* Accessed is set in advance: the CPU would otherwise write it into the
 * GDT on first use, and VM entry on Intel insists on it for loaded
 * segments. */
#define CODE_ACCESS (SEG_P | SEG_S | SEG_TYPE_CODE | SEG_TYPE_CODE_READ |     \
                     SEG_TYPE_ACCESSED)
#define DATA_ACCESS (SEG_P | SEG_S | SEG_TYPE_DATA_WRITE | SEG_TYPE_ACCESSED)

static uint64_t gdt_entries[4];
static const struct gdt gdt = {GDT_ADDRESS, gdt_entries, 4};

static void build_gdt(void)
{
    /* 0: the null descriptor; selector 0 means "no segment" */
    gdt_entries[0] = 0;
    /* 1: code, base 0, limit 0xfffff pages of 4 KiB = 4 GiB, 32-bit */
    gdt_entries[1] = x86_descriptor(0, 0xfffff, CODE_ACCESS, SEG_G | SEG_DB);
    /* 2: data, the same 4 GiB */
    gdt_entries[2] = x86_descriptor(0, 0xfffff, DATA_ACCESS, SEG_G | SEG_DB);
    /* 3: data, only the 4 KiB at WINDOW_ADDRESS (G = 0: limit in bytes) */
    gdt_entries[3] = x86_descriptor(WINDOW_ADDRESS, 0xfff, DATA_ACCESS, SEG_DB);
}
// ANCHOR_END: gdt

GUEST_EMBEDDED(guest_04_protected_mode);

static const struct chapter chapter = {
    .name = "04-protected-mode",
    .summary = "Write a GDT into guest memory, enter 32-bit protected mode "
               "with\nKVM_SET_SREGS, and run a guest that loads a segment "
               "from the GDT itself.",
    .runs_guest = true,
    .guest_help = "a flat 32-bit binary, loaded at 0x1000 in 1 MiB of "
                  "memory and started\nat 0008:00001000 with the chapter's "
                  "GDT (flat code 0x08, flat data 0x10,\nwindow 0x18 at "
                  "0x8000) and ESP = 0x10000.",
};

// ANCHOR: print_gdt
/* Each entry as stored, and as the CPU reads it into a segment register. */
static void print_gdt(void)
{
    char type[32];

    printf("host: GDT at %#06x, %d entries:\n", GDT_ADDRESS, gdt.count);
    for (int i = 0; i < gdt.count; i++) {
        struct kvm_segment s =
            x86_segment_from_descriptor(X86_SELECTOR(i, 0), gdt.entries[i]);

        if (gdt.entries[i] == 0) {
            printf("  0x%02x %016llx null\n", i * 8, 0ull);
            continue;
        }
        printf("  0x%02x %016llx base=%08llx limit=%08x %s db=%u g=%u\n",
               i * 8, (unsigned long long)gdt.entries[i], s.base, s.limit,
               dump_segment_type(&s, type, sizeof(type)), s.db, s.g);
    }
}
// ANCHOR_END: print_gdt

// ANCHOR: check_results
/* The guest promised 12! in EBX and at the window, and FS must now hold
 * what the CPU read from GDT entry 3. */
static int check_results(const struct machine *machine)
{
    const struct kvm_sync_regs *state = &machine->vcpu.run->s.regs;
    uint32_t ebx = state->regs.rbx, stored;
    const struct kvm_segment *fs = &state->sregs.fs;
    int ok_fs = fs->selector == WINDOW_SELECTOR &&
                fs->base == WINDOW_ADDRESS && fs->limit == 0xfff;

    memcpy(&stored, machine->memory + WINDOW_ADDRESS, sizeof(stored));
    printf("host: ebx = %u (expected %u): %s\n", ebx, EXPECTED_RESULT,
           ebx == EXPECTED_RESULT ? "ok" : "WRONG");
    printf("host: dword at %#x = %u: %s\n", WINDOW_ADDRESS, stored,
           stored == EXPECTED_RESULT ? "ok" : "WRONG");
    printf("host: fs = %#04x with base %#llx and limit %#x, from GDT entry "
           "3: %s\n",
           fs->selector, fs->base, fs->limit, ok_fs ? "ok" : "WRONG");
    return ebx == EXPECTED_RESULT && stored == EXPECTED_RESULT && ok_fs
               ? EXIT_OK
               : EXIT_ERROR;
}
// ANCHOR_END: check_results

int main(int argc, char **argv)
{
    const struct guest_plan plan = {
        .builtin = GUEST_IMAGE(guest_04_protected_mode),
        .load_address = LOAD_ADDRESS,
        .room = IMAGE_ROOM,
        .memory_size = GUEST_MEMORY_SIZE,
    };
    struct guest_image image;
    struct machine machine;
    struct options options;
    struct kvm_sregs sregs;
    int exit_code;

    if (cli_parse(&chapter, argc, argv, &options, &exit_code) == CLI_EXIT)
        return exit_code;
    exit_code = chapter_begin(&options, &plan, &image, &machine);
    if (exit_code != EXIT_OK)
        return exit_code;

    // ANCHOR: main_setup
    build_gdt();
    if (gdt_write(&machine.vm, &gdt) < 0 ||
        guest_load_flat(&machine.vm, LOAD_ADDRESS, &image) < 0) {
        exit_code = report_error("writing the GDT and the guest");
        goto out;
    }
    print_gdt();
    if (protected_mode_enter(&machine.vcpu, &gdt, CODE_SELECTOR,
                             DATA_SELECTOR, LOAD_ADDRESS, STACK_TOP) < 0 ||
        vcpu_get_sregs(&machine.vcpu, &sregs) < 0) {
        exit_code = report_error("entering protected mode");
        goto out;
    }
    printf("host: the vCPU starts in protected mode:\n");
    dump_control_registers(stdout, &sregs);
    dump_segment(stdout, "cs", &sregs.cs);
    dump_segment(stdout, "ds", &sregs.ds);
    printf("host: loaded %s (%zu byte%s) at %#x, starting at %04x:%08x\n",
           chapter_guest_name(&options), image.size,
           image.size == 1 ? "" : "s", LOAD_ADDRESS, CODE_SELECTOR,
           LOAD_ADDRESS);
    // ANCHOR_END: main_setup

    exit_code = run_and_diagnose(&machine.vcpu, options.timeout);
    if (exit_code == EXIT_OK && !options.guest_path)
        exit_code = check_results(&machine);
out:
    chapter_end(&machine, &image);
    return exit_code;
}
