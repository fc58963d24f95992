/*
 * chapter.c - what every chapter running a guest does first and last.
 * Introduced in chapter 03.
 */
#include <errno.h>

#include "chapter.h"
#include "diagnose.h"
#include "report.h"

// ANCHOR: chapter_begin
int chapter_begin(const struct options *options, const struct guest_plan *plan,
                  struct guest_image *image, struct machine *machine)
{
    const char *failed_step;
    int exit_code;

    /* A pipe's bytes must come within the time limit, too. */
    if (guest_choose(options->guest_path, plan->builtin, plan->room,
                     options->timeout, image) < 0 &&
        !(plan->elf && errno == ENOEXEC)) /* empty: not an ELF file */
        return diagnose_guest_file(options->guest_path, image, plan);
    /* The file first: a bad one is the reader's error, whatever the host. */
    if (plan->check) {
        exit_code = plan->check(image, plan->memory_size,
                                chapter_guest_name(options));
        if (exit_code != EXIT_OK) {
            guest_free(image);
            return exit_code;
        }
    }
    if ((plan->create ? plan->create : machine_create)(
            machine, plan->memory_size, &failed_step) < 0) {
        exit_code = report_error("%s", failed_step);
        guest_free(image);
        return exit_code;
    }
    return EXIT_OK;
}
// ANCHOR_END: chapter_begin

void chapter_end(struct machine *machine, struct guest_image *image)
{
    machine_destroy(machine);
    guest_free(image);
}

const char *chapter_guest_name(const struct options *options)
{
    return options->guest_path ? options->guest_path : "the built-in guest";
}
