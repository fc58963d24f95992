/*
 * c_guest.h - starting a C guest: its ELF file loaded into guest memory,
 * above the memory long_mode_boot() keeps for its GDT and page tables, and
 * the vCPU started in long mode at its entry point, with the stack at the
 * top of guest memory. Like report.c, it prints what went wrong, for the
 * chapter.
 *
 * Introduced in chapter 07.
 */
#ifndef KVM101_C_GUEST_H
#define KVM101_C_GUEST_H

#include "guest.h"
#include "machine.h"

/* Load the image (`name` is for messages) and start long mode at its
 * entry. Returns EXIT_OK, or the exit code after reporting the problem. */
int c_guest_start(struct machine *machine, const struct guest_image *image,
                  const char *name);

#endif
