/*
 * Chapter 03 - real mode.
 *
 * The first guest that runs. The host loads a 16-bit program at 0x1000,
 * starts the vCPU there in real mode, and runs it: every time the guest
 * writes to the serial port, KVM_RUN returns with KVM_EXIT_IO and we print
 * the bytes; when it executes HLT, KVM_RUN returns with KVM_EXIT_HLT and we
 * check what it computed.
 *
 * Guest memory (64 KiB, one real-mode segment):
 *   0x0000  unused (a PC keeps its interrupt vector table here)
 *   0x0500  the guest stores its result here
 *   0x1000  the guest image, started at 0000:1000
 *   0xfff0  top of the stack, growing down
 */
#include <stdio.h>

#include "chapter.h"
#include "cli.h"
#include "diagnose.h"
#include "guest.h"
#include "machine.h"
#include "real_mode.h"
#include "report.h"
#include "run.h"

// ANCHOR: layout
#define GUEST_MEMORY_SIZE 0x10000 /* 64 KiB */
#define LOAD_ADDRESS 0x1000
#define IMAGE_ROOM (GUEST_MEMORY_SIZE - LOAD_ADDRESS) /* 60 KiB */
#define STACK_TOP 0xfff0
#define RESULT_ADDRESS 0x0500
#define EXPECTED_SUM 5050 /* 1 + 2 + ... + 100 */
// ANCHOR_END: layout

GUEST_EMBEDDED(guest_03_real_mode);

static const struct chapter chapter = {
    .name = "03-real-mode",
    .summary = "Run a 16-bit real-mode guest that prints through the serial "
               "port,\nadds up 1..100 and halts; then check its result.",
    .runs_guest = true,
    .guest_help = "a flat 16-bit binary, loaded at 0x1000 in 64 KiB of "
                  "memory and\nstarted in real mode at 0000:1000 with "
                  "DS = ES = SS = 0 and SP = 0xfff0.",
};

// ANCHOR: check_results
/* The guest promised the sum in BX and at RESULT_ADDRESS. */
static int check_results(const struct machine *machine)
{
    unsigned bx = machine->vcpu.run->s.regs.regs.rbx & 0xffff;
    unsigned stored = machine->memory[RESULT_ADDRESS] |
                      machine->memory[RESULT_ADDRESS + 1] << 8;
    int ok = bx == EXPECTED_SUM && stored == EXPECTED_SUM;

    printf("host: bx = %u (expected %u): %s\n", bx, EXPECTED_SUM,
           bx == EXPECTED_SUM ? "ok" : "WRONG");
    printf("host: word at %#06x = %u (expected %u): %s\n", RESULT_ADDRESS,
           stored, EXPECTED_SUM, stored == EXPECTED_SUM ? "ok" : "WRONG");
    return ok ? EXIT_OK : EXIT_ERROR;
}
// ANCHOR_END: check_results

int main(int argc, char **argv)
{
    const struct guest_plan plan = {
        .builtin = GUEST_IMAGE(guest_03_real_mode),
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

    // ANCHOR: main_setup
    exit_code = chapter_begin(&options, &plan, &image, &machine);
    if (exit_code != EXIT_OK)
        return exit_code;
    if (guest_load_flat(&machine.vm, LOAD_ADDRESS, &image) < 0) {
        exit_code = report_error("loading the guest at %#x", LOAD_ADDRESS);
        goto out;
    }
    if (real_mode_enter(&machine.vcpu, 0, LOAD_ADDRESS, STACK_TOP) < 0) {
        exit_code = report_error("setting up real mode");
        goto out;
    }
    printf("host: loaded %s (%zu byte%s) at %#x, "
           "starting it at 0000:%04x\n",
           chapter_guest_name(&options), image.size,
           image.size == 1 ? "" : "s", LOAD_ADDRESS, LOAD_ADDRESS);
    // ANCHOR_END: main_setup

    // ANCHOR: main_run
    exit_code = run_and_diagnose(&machine.vcpu, options.timeout);
    if (exit_code == EXIT_OK && !options.guest_path)
        exit_code = check_results(&machine);
    // ANCHOR_END: main_run
out:
    chapter_end(&machine, &image);
    return exit_code;
}
