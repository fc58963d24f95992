/*
 * Chapter 07 - hypercalls and C guests.
 *
 * From here on guests are C programs, linked into ELF executables, with no
 * devices: everything they need from outside they ask the host for with a
 * hypercall (common/hypercall.h defines the ABI). The host loads the ELF
 * file into guest memory, checking it first, enters long mode at its entry
 * point, and serves the hypercalls, checking every address the guest hands
 * it, until the guest exits.
 *
 * Guest memory (16 MiB, all identity-mapped):
 *   0x1000    GDT and page tables (long_mode_boot)
 *   0x100000  the guest's ELF segments (guests/lib/guest.ld), its stack
 *             after them
 */
#include <stdio.h>

#include "c_guest.h"
#include "chapter.h"
#include "cli.h"
#include "hypercall_host.h"
#include "report.h"

#define GUEST_MEMORY_SIZE (16 << 20)

enum { FAIL_ASSERT }; /* our switch, in chapter.switches */

GUEST_EMBEDDED(guest_07_hypercalls);

static const struct chapter chapter = {
    .name = "07-hypercalls",
    .summary = "Load a C guest from an ELF file, run it in long mode, and "
               "serve its\nhypercalls: output, memory size, configuration, "
               "exit status and asserts.",
    .runs_guest = true,
    .guest_help = "an ELF64 executable (ET_EXEC, x86-64) whose segments "
                  "fit in 16 MiB of\nguest memory at their physical "
                  "addresses, all of it identity-mapped; started\nin long "
                  "mode at its entry point. Build one with guests/lib/ (see "
                  "chapter 07).",
    .switches = {{"--fail-assert", "tell the guest (in its configuration) "
                                   "to fail an assertion"}},
};

int main(int argc, char **argv)
{
    const struct guest_plan plan = {
        .builtin = GUEST_IMAGE(guest_07_hypercalls),
        .room = GUEST_MEMORY_SIZE,
        .memory_size = GUEST_MEMORY_SIZE,
        .elf = true,
        .check = c_guest_check,
    };
    struct hypercall_host host;
    struct guest_image image;
    struct machine machine;
    struct options options;
    struct console console;
    int exit_code;

    if (cli_parse(&chapter, argc, argv, &options, &exit_code) == CLI_EXIT)
        return exit_code;
    exit_code = chapter_begin(&options, &plan, &image, &machine);
    if (exit_code != EXIT_OK)
        return exit_code;

    // ANCHOR: main_run
    exit_code = c_guest_start(&machine, &image, chapter_guest_name(&options));
    if (exit_code == EXIT_OK) {
        console_init(&console, stdout);
        host = (struct hypercall_host){
            .vm = &machine.vm,
            .console = &console,
            .config = options.switched[FAIL_ASSERT] ? "fail-assert" : "",
        };
        exit_code = hypercall_run(&machine.vcpu, &host, options.timeout);
    }
    // ANCHOR_END: main_run
    chapter_end(&machine, &image);
    return exit_code;
}
