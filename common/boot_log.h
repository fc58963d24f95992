/*
 * boot_log.h - a booting kernel's console, watched. Every byte the guest
 * sends goes to the terminal through the console's escaping (the guest's
 * text must not drive our terminal), and each line is looked at for the
 * milestones of a boot, timed from the moment the guest was entered:
 * what --timing prints, and what lets a run stop at a milestone.
 *
 * Introduced in chapter 12.
 */
#ifndef KVM101_BOOT_LOG_H
#define KVM101_BOOT_LOG_H

#include <stdint.h>
#include <stdio.h>

#include "run.h"

/* Moments of a boot, in the order they come. */
enum boot_milestone {
    BOOT_FIRST_LINE,    /* any first line: the kernel is alive */
    BOOT_DECOMPRESSING, /* "Decompressing Linux" (earlyprintk=serial) */
    BOOT_BANNER,        /* "Linux version ..." */
    BOOT_RUN_INIT,      /* "Run /init as init process" */
    BOOT_INIT_LINE,     /* our init's "hello from userspace" */
    BOOT_MILESTONES
};

struct boot_log {
    struct console console;
    double start;                   /* clock_now() when the guest began */
    double first_byte;              /* seconds after start; 0: not yet */
    double seen[BOOT_MILESTONES];   /* seconds after start; 0: not seen */
    char line[256];                 /* the console line so far */
    size_t length;
};

/* Lines go to `out` as "guest> " lines; the clock starts now. */
void boot_log_start(struct boot_log *log, FILE *out);

/* One byte from the guest's UART. */
void boot_log_byte(struct boot_log *log, uint8_t byte);

/* Print a line that is still open (the guest stopped mid-line). */
void boot_log_flush(struct boot_log *log);

/* The --timing line: "host: timing: first byte 0.01 s, ...", to `out`. */
void boot_log_print_timing(const struct boot_log *log, FILE *out);

#endif
