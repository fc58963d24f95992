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
#include <errno.h>
#include <stdio.h>

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

/* The built-in guest, or the --guest file. */
static int get_image(const struct options *options,
                     struct guest_image *image)
{
    size_t room = GUEST_MEMORY_SIZE - LOAD_ADDRESS;
    char too_large[160], size[40];

    if (!options->guest_path) {
        *image = GUEST_IMAGE(guest_03_real_mode);
        return 0;
    }
    if (guest_read_file(options->guest_path, room, image) == 0)
        return 0;
    if (errno != EFBIG)
        return report_error("--guest %s", options->guest_path);
    if (image->size) /* 0: a stream, whose size cannot be known */
        snprintf(size, sizeof(size), "%zu bytes", image->size);
    else
        snprintf(size, sizeof(size), "more than %zu bytes", room);
    snprintf(too_large, sizeof(too_large),
             "it is %s, but an image must fit between %#x and the end of "
             "guest memory (%zu bytes)",
             size, LOAD_ADDRESS, room);
    return report_error_hint(too_large, "--guest %s", options->guest_path);
}

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
    struct guest_image image;
    struct machine machine;
    struct options options;
    struct run_stats stats;
    struct console console;
    enum run_outcome outcome;
    const char *failed_step;
    int exit_code;

    if (cli_parse(&chapter, argc, argv, &options, &exit_code) == CLI_EXIT)
        return exit_code;
    if (get_image(&options, &image) != 0)
        return EXIT_ERROR;

    // ANCHOR: main_setup
    if (machine_create(&machine, GUEST_MEMORY_SIZE, &failed_step) < 0) {
        guest_free(&image);
        return report_error("%s", failed_step);
    }
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
           options.guest_path ? options.guest_path : "the built-in guest",
           image.size, image.size == 1 ? "" : "s", LOAD_ADDRESS, LOAD_ADDRESS);
    // ANCHOR_END: main_setup

    // ANCHOR: main_run
    console_init(&console, stdout);
    outcome = run_until_halt(&machine.vcpu, &console, options.timeout,
                             &stats);
    if (outcome != RUN_HALTED) {
        exit_code = diagnose_run(&machine.vcpu, outcome, options.timeout);
        goto out;
    }
    printf("host: the guest halted after %lu exit%s\n", stats.exits,
           stats.exits == 1 ? "" : "s");
    exit_code = options.guest_path ? EXIT_OK : check_results(&machine);
    // ANCHOR_END: main_run
out:
    machine_destroy(&machine);
    guest_free(&image);
    return exit_code;
}
