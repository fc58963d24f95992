/*
 * Chapter 08 - memory and MMIO.
 *
 * Guest memory need not be one block. This machine has three memory slots
 * with holes between them: RAM, a ROM the guest cannot write, and RAM whose
 * written pages KVM logs. In a hole, where no memory is, a guest's access
 * leaves KVM_RUN as KVM_EXIT_MMIO, and the host answers it as a device
 * would: here a small text screen (common/screen.c). A write to the ROM
 * exits the same way.
 *
 * Guest-physical memory map:
 *   0x0000000-0x0ffffff  RAM, 16 MiB (slot 0): GDT, page tables, the guest
 *   0x1000000-0x1000fff  the screen (no memory: every access is MMIO)
 *   0x2000000-0x200ffff  ROM, 64 KiB, read-only (slot 1)
 *   0x3000000-0x303ffff  RAM, 256 KiB, its dirty pages logged (slot 2)
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "c_guest.h"
#include "chapter.h"
#include "cli.h"
#include "hypercall_host.h"
#include "kvm.h"
#include "report.h"
#include "screen.h"

// ANCHOR: memory_map
#define RAM_SIZE (16 << 20)
#define SCREEN_BASE 0x1000000
#define ROM_BASE 0x2000000
#define ROM_SIZE 0x10000
#define LOGGED_BASE 0x3000000
#define LOGGED_SIZE 0x40000 /* 64 pages */
#define LOGGED_SLOT 2
#define ROM_TEXT "KVM 101 ROM, chapter 08"
// ANCHOR_END: memory_map
#define MAX_REPORTS 5 /* in all, of every kind: a storm must not flood stderr */

GUEST_EMBEDDED(guest_08_memory_and_mmio);

static const struct chapter chapter = {
    .name = "08-memory-and-mmio",
    .summary = "Give the guest RAM, a ROM and logged RAM in three memory "
               "slots, answer\nits MMIO to a text screen in a hole, and "
               "show which pages it wrote.",
    .runs_guest = true,
    .guest_help = "an ELF64 executable, as in chapter 07, for this memory "
                  "map:\nRAM 0-16 MiB, screen at 0x1000000, ROM at "
                  "0x2000000, logged RAM at 0x3000000.",
};

/* What the MMIO exits were, for the summary. */
struct devices {
    struct screen screen;
    unsigned long screen_reads, screen_writes, rom_writes, nowhere;
    unsigned long reports;
};

/* One stderr line per odd access, up to MAX_REPORTS in all. */
#define REPORT(devices, ...)                                                   \
    do {                                                                       \
        if ((devices)->reports++ < MAX_REPORTS)                                \
            report_problem(NULL, __VA_ARGS__);                                 \
        else if ((devices)->reports == MAX_REPORTS + 1)                        \
            report_problem(NULL, "(more odd accesses: not shown)");           \
    } while (0)

// ANCHOR: handle_mmio
static enum io_result handle_mmio(struct vcpu *vcpu, void *context)
{
    struct devices *devices = context;
    struct kvm_run *run = vcpu->run;
    uint64_t address = run->mmio.phys_addr;
    unsigned length = run->mmio.len;
    const char *why;

    if (run->exit_reason != KVM_EXIT_MMIO)
        return IO_NOT_MINE;
    if (screen_owns(&devices->screen, address)) {
        *(run->mmio.is_write ? &devices->screen_writes
                             : &devices->screen_reads) += 1;
        if (screen_access(&devices->screen, address, run->mmio.data, length,
                          run->mmio.is_write, &why) < 0)
            REPORT(devices, "the screen refused %u bytes at %#llx: %s",
                   length, (unsigned long long)address, why);
        return IO_HANDLED; /* for a read, KVM hands run->mmio.data over */
    }
    if (run->mmio.is_write && address >= ROM_BASE &&
        address - ROM_BASE < ROM_SIZE) {
        devices->rom_writes++;
        REPORT(devices, "the guest wrote %u byte(s) to the ROM at %#llx: "
                        "ignored",
               length, (unsigned long long)address);
        return IO_HANDLED;
    }
    devices->nowhere++;
    if (!run->mmio.is_write)
        memset(run->mmio.data, 0xff, length); /* nobody answers: all ones */
    REPORT(devices, "the guest %s %u byte(s) at %#llx, where there is "
                    "neither memory nor a device",
           run->mmio.is_write ? "wrote" : "read", length,
           (unsigned long long)address);
    return IO_HANDLED;
}
// ANCHOR_END: handle_mmio

// ANCHOR: add_slots
/* Slots 1 and 2 (slot 0, the RAM, machine_create made): a ROM with our
 * text in it, and RAM whose dirty pages KVM logs. */
static int add_slots(struct machine *machine)
{
    char *rom;

    /* Without KVM_CAP_READONLY_MEM the flag is refused with EINVAL, which
     * would read as our mistake: say what the host lacks (exit 77). */
    if (kvm_check_extension(machine->vm.fd, KVM_CAP_READONLY_MEM) <= 0) {
        errno = EOPNOTSUPP;
        return report_error("KVM_CAP_READONLY_MEM (for the ROM)");
    }
    rom = vm_add_memory_flags(&machine->vm, ROM_BASE, ROM_SIZE,
                              KVM_MEM_READONLY);
    if (!rom)
        return report_error("KVM_SET_USER_MEMORY_REGION (the ROM)");
    strcpy(rom, ROM_TEXT); /* the host can write it; the guest cannot */
    if (!vm_add_memory_flags(&machine->vm, LOGGED_BASE, LOGGED_SIZE,
                             KVM_MEM_LOG_DIRTY_PAGES))
        return report_error("KVM_SET_USER_MEMORY_REGION (logged memory)");
    return EXIT_OK;
}
// ANCHOR_END: add_slots

// ANCHOR: report
/* After the run: the screen, the MMIO exits, and the dirty pages. */
static int report_devices(struct machine *machine, struct devices *devices)
{
    uint64_t dirty[vm_dirty_bitmap_words(LOGGED_SIZE)];

    printf("host: the screen:\n");
    screen_draw(&devices->screen, stdout);
    printf("host: MMIO exits: screen %lu reads, %lu writes; ROM writes %lu; "
           "nowhere %lu\n",
           devices->screen_reads, devices->screen_writes, devices->rom_writes,
           devices->nowhere);
    memset(dirty, 0, sizeof(dirty));
    if (vm_get_dirty_log(&machine->vm, LOGGED_SLOT, dirty) < 0)
        return report_error("KVM_GET_DIRTY_LOG");
    printf("host: pages written in slot %d (of %d):", LOGGED_SLOT,
           LOGGED_SIZE / 4096);
    for (int page = 0; page < LOGGED_SIZE / 4096; page++)
        if (dirty[page / 64] & (1ull << (page % 64)))
            printf(" %d", page);
    printf("\n");
    return EXIT_OK;
}
// ANCHOR_END: report

static int run(struct machine *machine, const struct guest_image *image,
               const char *name, double timeout)
{
    struct hypercall_host host;
    struct devices devices = {0};
    struct console console;
    int exit_code;

    exit_code = add_slots(machine);
    if (exit_code != EXIT_OK)
        return exit_code; /* 77 if the host lacks read-only memory */
    exit_code = c_guest_start(machine, image, name);
    if (exit_code != EXIT_OK)
        return exit_code;

    // ANCHOR: main_run
    screen_init(&devices.screen, SCREEN_BASE);
    console_init(&console, stdout);
    host = (struct hypercall_host){
        .vm = &machine->vm,
        .console = &console,
        .config = "",
        .other = handle_mmio, /* exits that are not hypercalls */
        .other_context = &devices,
    };
    exit_code = hypercall_run(&machine->vcpu, &host, timeout);
    // ANCHOR_END: main_run
    if (exit_code == EXIT_OK)
        exit_code = report_devices(machine, &devices);
    return exit_code;
}

int main(int argc, char **argv)
{
    const struct guest_plan plan = {
        .builtin = GUEST_IMAGE(guest_08_memory_and_mmio),
        .room = RAM_SIZE,
        .memory_size = RAM_SIZE,
        .elf = true,
        .check = c_guest_check,
    };
    struct guest_image image;
    struct machine machine;
    struct options options;
    int exit_code;

    if (cli_parse(&chapter, argc, argv, &options, &exit_code) == CLI_EXIT)
        return exit_code;
    exit_code = chapter_begin(&options, &plan, &image, &machine);
    if (exit_code != EXIT_OK)
        return exit_code;
    exit_code = run(&machine, &image, chapter_guest_name(&options),
                    options.timeout);
    chapter_end(&machine, &image);
    return exit_code;
}
