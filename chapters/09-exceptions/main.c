/*
 * Chapter 09 - exceptions.
 *
 * A fault in the guest is the guest's business: the CPU looks up its
 * vector in the guest's IDT and runs the guest's handler, and KVM is not
 * involved. This chapter's C guest installs an IDT (guests/lib/idt.c),
 * causes five exceptions and survives them; its handler tells the host
 * about each one with a hypercall, and the host checks them. Then the
 * other case: with --no-idt the guest has nowhere to deliver a fault and
 * triple-faults (KVM_EXIT_SHUTDOWN); with --jump-nowhere it jumps where
 * there is no memory, which KVM cannot emulate (KVM_EXIT_INTERNAL_ERROR).
 * The run loop's diagnostics explain both.
 *
 * Guest memory: 16 MiB, as in chapter 07; the first 1 GiB is mapped.
 */
#include <stdio.h>

#include "c_guest.h"
#include "chapter.h"
#include "cli.h"
#include "hypercall_host.h"
#include "report.h"

#define GUEST_MEMORY_SIZE (16 << 20)

enum { NO_IDT, JUMP_NOWHERE }; /* our switches, in chapter.switches */

GUEST_EMBEDDED(guest_09_exceptions);

static const struct chapter chapter = {
    .name = "09-exceptions",
    .summary = "Run a C guest that installs an IDT and survives #DE, #UD, "
               "#PF and #GP,\nreporting each by hypercall; or watch it die "
               "without an IDT, or off the map.",
    .runs_guest = true,
    .guest_help = "an ELF64 executable, as in chapter 07.",
    .switches = {{"--no-idt", "ask the guest to remove its IDT and fault "
                              "(a triple fault)"},
                 {"--jump-nowhere", "ask the guest to jump where there is "
                                    "no memory"}},
};

// ANCHOR: expected
/* What the guest's five exceptions must look like from the host. */
static const struct caught_exception expected[] = {
    {0, 0, 0, 0},           /* #DE */
    {6, 0, 0, 0},           /* #UD */
    {14, 0, 0, 0x40000000}, /* #PF: read of a page that is not present */
    {14, 2, 0, 0x40000000}, /* #PF: write (bit 1 of the error code) */
    {13, 0, 0, 0},          /* #GP: a non-canonical address */
};
#define EXPECTED_COUNT (int)(sizeof(expected) / sizeof(expected[0]))

static int check_exceptions(const struct hypercall_host *host)
{
    int ok = host->exceptions == EXPECTED_COUNT;

    for (int i = 0; ok && i < EXPECTED_COUNT; i++)
        ok = host->caught[i].vector == expected[i].vector &&
             host->caught[i].error_code == expected[i].error_code &&
             (expected[i].vector != 14 ||
              host->caught[i].cr2 == expected[i].cr2);
    printf("host: %d exceptions caught, vectors, error codes and cr2 as "
           "expected: %s\n",
           host->exceptions, ok ? "ok" : "WRONG");
    return ok ? EXIT_OK : EXIT_ERROR;
}
// ANCHOR_END: expected

static const char *config_for(const struct options *options)
{
    if (options->switched[NO_IDT])
        return "no-idt";
    return options->switched[JUMP_NOWHERE] ? "jump-nowhere" : "";
}

int main(int argc, char **argv)
{
    const struct guest_plan plan = {
        .builtin = GUEST_IMAGE(guest_09_exceptions),
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
            .config = config_for(&options),
        };
        exit_code = hypercall_run(&machine.vcpu, &host, options.timeout);
        if (exit_code == EXIT_OK && !options.guest_path)
            exit_code = check_exceptions(&host);
    }
    // ANCHOR_END: main_run
    chapter_end(&machine, &image);
    return exit_code;
}
