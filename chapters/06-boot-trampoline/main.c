/*
 * Chapter 06 - the boot trampoline.
 *
 * Chapters 04 and 05 let the host put the vCPU straight into protected or
 * long mode with KVM_SET_SREGS. A real machine starts in real mode, and
 * software climbs out by itself. Here the host does only what a PC BIOS
 * does: it loads a boot sector at 0x7c00 and starts the vCPU at 0000:7c00
 * in real mode (after giving it a CPUID, which a real CPU has built in).
 * The guest loads its own GDT, enters protected mode, builds page tables,
 * turns on PAE, EFER.LME and paging, and jumps into 64-bit code. The host
 * reads the mode from the registers afterwards.
 *
 * Guest memory (2 MiB):
 *   0x7c00   the boot sector, started at 0000:7c00; the stack grows down
 *            from here
 *   0x10000  the page tables the guest builds
 */
#include <stdio.h>
#include <string.h>

#include "chapter.h"
#include "cli.h"
#include "cpuid.h"
#include "diagnose.h"
#include "kvm.h"
#include "dump.h"
#include "guest.h"
#include "machine.h"
#include "paging.h"
#include "real_mode.h"
#include "report.h"
#include "run.h"
#include "x86.h"

// ANCHOR: layout
#define GUEST_MEMORY_SIZE 0x200000 /* 2 MiB */
#define LOAD_ADDRESS 0x7c00        /* where a BIOS puts a boot sector */
#define PAGE_TABLES 0x10000        /* the guest builds its tables here */
#define IMAGE_ROOM (PAGE_TABLES - LOAD_ADDRESS)
#define POST_PORT 0x80             /* the guest's checkpoints */
#define POST_EFER_NEXT 0x64        /* checkpoint: wrmsr to EFER.LME next */
#define POST_PAGING32_NEXT 0x32    /* checkpoint: CR0.PG next (--paging32) */
#define PAGE_DIRECTORY_32 0x13000  /* the guest's 32-bit page directory */
#define PAGING32_REQUEST 32        /* in BL: "stop at 32-bit paging" */
// ANCHOR_END: layout

enum { NO_CPUID, PAGING32 }; /* our switches, in chapter.switches */

GUEST_EMBEDDED(guest_06_boot_trampoline);

static const struct chapter chapter = {
    .name = "06-boot-trampoline",
    .summary = "Load a boot sector at 0x7c00 and start it in real mode, as "
               "a BIOS does; the\nguest switches itself to protected mode "
               "and then to 64-bit long mode.",
    .runs_guest = true,
    .guest_help = "a flat 16-bit boot sector of at most 33 KiB, loaded at "
                  "0x7c00 in 2 MiB of\nmemory and started at 0000:7c00 in "
                  "real mode, with SP = 0x7c00.",
    .switches = {{"--no-cpuid", "skip KVM_SET_CPUID2 (watch the guest's "
                                "wrmsr to EFER fail)"},
                 {"--paging32", "ask the guest for 32-bit paging instead "
                                "of long mode"}},
};

/* The first steps, as a BIOS and a real CPU would take them. */
static int set_up(struct machine *machine, const struct guest_image *image,
                  const struct options *options)
{
    struct cpuid_result cpuid;
    const char *failed_step;
    struct kvm_regs regs;

    // ANCHOR: main_setup
    if (options->switched[NO_CPUID]) {
        printf("host: no KVM_SET_CPUID2: the vCPU's CPUID offers no long "
               "mode\n");
    } else if (cpuid_set_supported(machine->kvm_fd, &machine->vcpu, &cpuid,
                                   &failed_step) < 0) {
        return report_error("%s", failed_step);
    } else {
        printf("host: gave the vCPU KVM's CPUID: long mode %s\n",
               cpuid.has_long_mode ? "offered" : "NOT offered");
    }
    if (guest_load_flat(&machine->vm, LOAD_ADDRESS, image) < 0 ||
        real_mode_enter(&machine->vcpu, 0, LOAD_ADDRESS, LOAD_ADDRESS) < 0)
        return report_error("loading the boot sector");
    // ANCHOR_END: main_setup
    if (options->switched[PAGING32]) {
        /* Like a BIOS's boot drive in DL, a request in BL. */
        if (vcpu_get_regs(&machine->vcpu, &regs) < 0)
            return report_error("KVM_GET_REGS");
        regs.rbx = PAGING32_REQUEST;
        if (vcpu_set_regs(&machine->vcpu, &regs) < 0)
            return report_error("KVM_SET_REGS");
    }
    printf("host: loaded %s (%zu byte%s) at %#x, starting it at 0000:%04x "
           "in real mode\n",
           chapter_guest_name(options), image->size,
           image->size == 1 ? "" : "s", LOAD_ADDRESS, LOAD_ADDRESS);
    return EXIT_OK;
}

// ANCHOR: report_mode
/* Which mode did the guest reach? Only the registers can tell. */
static int report_mode(const struct kvm_sregs *sregs, const char *expected)
{
    const char *mode = dump_cpu_mode(sregs);

    printf("host: the vCPU is in %s:\n", mode);
    dump_control_registers(stdout, sregs);
    dump_segment(stdout, "cs", &sregs->cs);
    if (!expected)
        return EXIT_OK;
    printf("host: expected %s: %s\n", expected,
           strcmp(mode, expected) == 0 ? "ok" : "WRONG");
    return strcmp(mode, expected) == 0 ? EXIT_OK : EXIT_ERROR;
}
// ANCHOR_END: report_mode

// ANCHOR: checkpoints
/* The guest writes a code to port 0x80 before each step that can fail; the
 * host keeps the last one. It says how far the guest got even when the
 * registers cannot: after a triple fault, KVM on AMD resets the vCPU before
 * KVM_RUN returns, so they show the reset state, not the fault. */
static enum io_result note_checkpoint(struct vcpu *vcpu, void *context)
{
    const struct kvm_run *run = vcpu->run;
    uint8_t *last_checkpoint = context;

    if (run->exit_reason != KVM_EXIT_IO || run->io.port != POST_PORT ||
        run->io.direction != KVM_EXIT_IO_OUT || run->io.size != 1)
        return IO_NOT_MINE;
    *last_checkpoint = *((const uint8_t *)run + run->io.data_offset);
    /* --paging32: stop here, so that the host checks the tables first. */
    return *last_checkpoint == POST_PAGING32_NEXT ? IO_STOP : IO_HANDLED;
}
// ANCHOR_END: checkpoints

// ANCHOR: explain_no_cpuid
/* A triple fault right after the "EFER.LME next" checkpoint, with no CPUID
 * given: say what happened. */
static void explain_no_cpuid(const struct machine *machine,
                             uint8_t last_checkpoint)
{
    if (machine->vcpu.run->exit_reason != KVM_EXIT_SHUTDOWN ||
        last_checkpoint != POST_EFER_NEXT)
        return;
    report_problem("give the vCPU a CPUID that offers long mode "
                   "(KVM_SET_CPUID2) before it runs",
                   "the guest's last checkpoint was %#x, \"wrmsr to "
                   "EFER.LME next\": setting EFER.LME raised #GP because the "
                   "vCPU's CPUID offers no long mode, and with no IDT that "
                   "became a triple fault",
                   POST_EFER_NEXT);
}
// ANCHOR_END: explain_no_cpuid

/* Run the guest until it halts, or stops at the --paging32 checkpoint;
 * say why when it does neither. */
static int run_guest(struct vcpu *vcpu, double timeout,
                     uint8_t *last_checkpoint)
{
    struct run_stats stats;
    struct console console;
    enum run_outcome outcome;

    console_init(&console, stdout);
    outcome = run_with_handler(vcpu, &console, timeout, &stats,
                               note_checkpoint, last_checkpoint);
    if (outcome == RUN_HALTED)
        printf("host: the guest halted after %lu exits\n", stats.exits);
    else if (outcome != RUN_STOPPED)
        return diagnose_run(vcpu, outcome, timeout);
    return EXIT_OK;
}

// ANCHOR: paging32
/* At the guest's checkpoint: CR3, CR4.PSE and the page directory entry are
 * in place, CR0.PG not yet. */
static int check_paging32_checkpoint(struct machine *machine)
{
    const struct kvm_sregs *sregs = &machine->vcpu.run->s.regs.sregs;
    const uint32_t *pde = vm_guest_to_host(&machine->vm, PAGE_DIRECTORY_32, 4);
    int ok = sregs->cr3 == PAGE_DIRECTORY_32 && (sregs->cr4 & CR4_PSE) &&
             !(sregs->cr0 & CR0_PG) && pde && *pde == (PTE_P | PTE_RW | PTE_PS);

    printf("host: checkpoint (port %#x) before CR0.PG: cr3=%#llx, cr4 %s, "
           "PDE 0 = %08x: %s\n",
           POST_PORT, sregs->cr3, sregs->cr4 & CR4_PSE ? "[PSE]" : "[-]",
           pde ? *pde : 0, ok ? "ok" : "WRONG");
    return ok ? EXIT_OK : EXIT_ERROR;
}

static int run_paging32(struct machine *machine, double timeout)
{
    struct vcpu *vcpu = &machine->vcpu;
    uint8_t last_checkpoint = 0;
    int exit_code = run_guest(vcpu, timeout, &last_checkpoint);

    if (exit_code != EXIT_OK)
        return exit_code;
    if (last_checkpoint != POST_PAGING32_NEXT)
        return report_error("the guest halted before its checkpoint");
    if (check_paging32_checkpoint(machine) != EXIT_OK)
        return EXIT_ERROR;
    /* Known by the host's identity (the kvm_pvm module), not by trying:
     * trying would turn a real bug into a skip. */
    if (kvm_is_nested_pvm())
        return report_host_cannot("this host cannot run 32-bit paging "
                                  "(nested PVM)");
    exit_code = run_guest(vcpu, timeout, &last_checkpoint);
    if (exit_code != EXIT_OK)
        return exit_code;
    return report_mode(&vcpu->run->s.regs.sregs,
                       "32-bit protected mode with paging");
}
// ANCHOR_END: paging32

int main(int argc, char **argv)
{
    const struct guest_plan plan = {
        .builtin = GUEST_IMAGE(guest_06_boot_trampoline),
        .load_address = LOAD_ADDRESS,
        .room = IMAGE_ROOM,
        .memory_size = GUEST_MEMORY_SIZE,
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

    // ANCHOR: main_run
    uint8_t last_checkpoint = 0;

    exit_code = set_up(&machine, &image, &options);
    if (exit_code == EXIT_OK && options.switched[PAGING32])
        exit_code = run_paging32(&machine, options.timeout);
    else if (exit_code == EXIT_OK)
        exit_code = run_guest(&machine.vcpu, options.timeout,
                              &last_checkpoint);
    if (exit_code == EXIT_OK && !options.switched[PAGING32])
        exit_code = report_mode(&machine.vcpu.run->s.regs.sregs,
                                options.guest_path ? NULL
                                                   : "64-bit long mode");
    else if (exit_code != EXIT_OK && options.switched[NO_CPUID])
        explain_no_cpuid(&machine, last_checkpoint);
    // ANCHOR_END: main_run
    chapter_end(&machine, &image);
    return exit_code;
}
