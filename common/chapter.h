/*
 * chapter.h - the start and the end that every chapter running a guest
 * shares: its guest image (the built-in one, or the --guest file) and a
 * machine to run it in. Like report.c, it prints what went wrong, as one
 * line, for the chapter.
 *
 * Introduced in chapter 03.
 */
#ifndef KVM101_CHAPTER_H
#define KVM101_CHAPTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cli.h"
#include "guest.h"
#include "machine.h"

/* What a chapter's guest needs. */
struct guest_plan {
    struct guest_image builtin; /* the chapter's own guest */
    uint64_t load_address;      /* where an image goes, for messages */
    size_t room;                /* the largest image that fits there */
    uint64_t memory_size;       /* guest RAM, at guest-physical 0 */
    bool elf;                   /* an ELF file (chapter 07 on): an empty one
                                 * is the ELF loader's to refuse */
    /* Check the image before the machine exists (chapter 07 on:
     * c_guest_check), or NULL. Returns EXIT_OK or an exit code. */
    int (*check)(const struct guest_image *image, uint64_t memory_size,
                 const char *name);
    /* Create the machine, or NULL for machine_create(): chapter 11 makes
     * one whose vCPUs its threads create. Same returns. */
    int (*create)(struct machine *machine, uint64_t memory_size,
                  const char **failed_step);
};

/* Take the built-in image or read --guest's file, and create the machine.
 * Returns EXIT_OK, or, having reported the problem, the exit code to end
 * with (nothing is left to release then). */
int chapter_begin(const struct options *options, const struct guest_plan *plan,
                  struct guest_image *image, struct machine *machine);

/* Release what chapter_begin() made. */
void chapter_end(struct machine *machine, struct guest_image *image);

/* For "host: loaded ..." lines: the --guest path or "the built-in guest". */
const char *chapter_guest_name(const struct options *options);

#endif
