/*
 * c_guest.c - starting a C guest from its ELF file.
 * Introduced in chapter 07.
 */
#include <stdio.h>

#include "c_guest.h"
#include "elf_loader.h"
#include "long_mode.h"
#include "report.h"

// ANCHOR: c_guest_start
int c_guest_start(struct machine *machine, const struct guest_image *image,
                  const char *name)
{
    /* Below this address are long_mode_boot()'s GDT and page tables. */
    const uint64_t lowest = LONG_MODE_TABLES + LONG_MODE_TABLES_SIZE;
    const char *failed_step;
    struct elf_info info;
    enum elf_result result = elf_load_above(&machine->vm, image->data,
                                            image->size, lowest, &info);

    if (result != ELF_OK)
        return report_problem("build guests with guests/lib/guest.ld, as "
                              "the Makefile does",
                              "%s: %s", name, elf_result_text(result));
    printf("host: loaded %s: %d segment%s at %#llx-%#llx, entry %#llx\n",
           name, info.segments, info.segments == 1 ? "" : "s",
           (unsigned long long)info.lowest,
           (unsigned long long)info.highest - 1,
           (unsigned long long)info.entry);
    if (long_mode_boot(machine, info.entry, machine->memory_size,
                       &failed_step) < 0)
        return report_error("%s", failed_step);
    return EXIT_OK;
}
// ANCHOR_END: c_guest_start
