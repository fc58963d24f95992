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

/* Check the image as c_guest_start() will, before there is a machine (a
 * struct guest_plan's check): a bad file is the reader's error, found
 * without opening /dev/kvm. A segment outside the RAM is left for
 * c_guest_start() to judge against the real memory slots. Returns EXIT_OK,
 * or the exit code after reporting the problem. */
int c_guest_check(const struct guest_image *image, uint64_t memory_size,
                  const char *name);

#endif
