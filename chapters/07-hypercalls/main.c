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
#include <errno.h>
#include <stdio.h>

#include "cli.h"
#include "diagnose.h"
#include "elf_loader.h"
#include "guest.h"
#include "hypercall_host.h"
#include "long_mode.h"
#include "machine.h"
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

// ANCHOR: load_elf
/* Check the ELF file and copy its segments into guest memory. */
static int load_elf(struct machine *machine, const struct guest_image *image,
                    const char *name, struct elf_info *info)
{
    enum elf_result result =
        elf_load(&machine->vm, image->data, image->size, info);

    if (result != ELF_OK)
        return report_problem("build guests with guests/lib/guest.ld, as "
                              "the Makefile does",
                              "%s: %s", name, elf_result_text(result));
    printf("host: loaded %s: %d segment%s at %#llx-%#llx, entry %#llx\n",
           name, info->segments, info->segments == 1 ? "" : "s",
           (unsigned long long)info->lowest,
           (unsigned long long)info->highest - 1,
           (unsigned long long)info->entry);
    return EXIT_OK;
}
// ANCHOR_END: load_elf

int main(int argc, char **argv)
{
    struct guest_image image;
    struct hypercall_host host;
    struct machine machine;
    struct options options;
    struct console console;
    struct elf_info info;
    const char *failed_step;
    const char *name;
    int exit_code;

    if (cli_parse(&chapter, argc, argv, &options, &exit_code) == CLI_EXIT)
        return exit_code;
    name = options.guest_path ? options.guest_path : "the built-in guest";
    if (guest_choose(options.guest_path, GUEST_IMAGE(guest_07_hypercalls),
                     GUEST_MEMORY_SIZE, &image) < 0) {
        if (errno == ENOEXEC) /* an empty file: no ELF header either */
            return report_problem("build guests with guests/lib/guest.ld, "
                                  "as the Makefile does",
                                  "%s: %s", name,
                                  elf_result_text(ELF_TOO_SMALL));
        return diagnose_guest_file(options.guest_path, &image, 0,
                                   GUEST_MEMORY_SIZE);
    }
    if (machine_create(&machine, GUEST_MEMORY_SIZE, &failed_step) < 0) {
        guest_free(&image);
        return report_error("%s", failed_step);
    }

    // ANCHOR: main_run
    exit_code = load_elf(&machine, &image, name, &info);
    if (exit_code == EXIT_OK &&
        long_mode_boot(&machine, info.entry, GUEST_MEMORY_SIZE,
                       &failed_step) < 0)
        exit_code = report_error("%s", failed_step);
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
    machine_destroy(&machine);
    guest_free(&image);
    return exit_code;
}
