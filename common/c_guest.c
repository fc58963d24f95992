/*
 * c_guest.c - starting a C guest from its ELF file.
 * Introduced in chapter 07.
 */
#include <stdio.h>
#include <sys/mman.h>

#include "c_guest.h"
#include "elf_loader.h"
#include "long_mode.h"
#include "report.h"

/* Below this address are long_mode_boot()'s GDT and page tables. */
#define LOWEST_SEGMENT (LONG_MODE_TABLES + LONG_MODE_TABLES_SIZE)

static int refuse(const char *name, enum elf_result result)
{
    return report_problem("build guests with guests/lib/guest.ld, as the "
                          "Makefile does",
                          "%s: %s", name, elf_result_text(result));
}

int c_guest_check(const struct guest_image *image, uint64_t memory_size,
                  const char *name)
{
    struct vm scratch = {.fd = -1, .slot_count = 1};
    struct elf_info info;
    enum elf_result result;
    void *memory = mmap(NULL, memory_size, PROT_READ | PROT_WRITE,
                        MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

    if (memory == MAP_FAILED)
        return report_error("mmap (%llu bytes to check %s in)",
                            (unsigned long long)memory_size, name);
    /* The loader's own checks, against plain memory as large as the
     * guest's RAM: finding a bad file needs no /dev/kvm. */
    scratch.slots[0] = (struct vm_slot){0, memory_size, memory, 0};
    result = elf_load_above(&scratch, image->data, image->size,
                            LOWEST_SEGMENT, &info);
    munmap(memory, memory_size);
    /* A segment beyond the RAM may still fit a slot that the chapter adds
     * later (chapter 08's logged RAM): c_guest_start() decides that. */
    if (result == ELF_OK || result == ELF_SEGMENT_OUTSIDE_MEMORY)
        return EXIT_OK;
    return refuse(name, result);
}

// ANCHOR: c_guest_start
int c_guest_start(struct machine *machine, const struct guest_image *image,
                  const char *name)
{
    const char *failed_step;
    struct elf_info info;
    enum elf_result result = elf_load_above(&machine->vm, image->data,
                                            image->size, LOWEST_SEGMENT,
                                            &info);

    if (result != ELF_OK)
        return refuse(name, result);
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
