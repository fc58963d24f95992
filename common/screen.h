/*
 * screen.h - a small device model: a 40x8 text screen the guest reaches by
 * MMIO, like the text buffer of a PC's VGA card, with a few registers.
 *
 * Registers, as offsets from the device's base address:
 *
 *   0x000-0x13f  CELLS     one byte per character, row by row; accesses of
 *                          1, 2, 4 or 8 bytes read or write that many cells
 *   0x800        ID        4 bytes, read-only: "SCR1" (0x31524353)
 *   0x808        ACCESSES  8 bytes, read-only: accesses so far, this one
 *                          included
 *   0x810        FILL      8 bytes, write-only: every cell becomes the low
 *                          byte of the value
 *
 * Anything else in the device's 4 KiB is an error the guest made: the
 * device refuses it (reads give all ones, as on a real bus).
 *
 * Introduced in chapter 08.
 */
#ifndef KVM101_SCREEN_H
#define KVM101_SCREEN_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

// ANCHOR: registers
#define SCREEN_COLUMNS 40
#define SCREEN_ROWS 8
#define SCREEN_SIZE 0x1000 /* the address range it answers */

#define SCREEN_CELLS 0x000
#define SCREEN_ID 0x800
#define SCREEN_ACCESSES 0x808
#define SCREEN_FILL 0x810
#define SCREEN_ID_VALUE 0x31524353u /* "SCR1" in little-endian bytes */
// ANCHOR_END: registers

struct screen {
    uint64_t base; /* guest-physical address of register 0 */
    char cells[SCREEN_ROWS * SCREEN_COLUMNS];
    uint64_t accesses;
};

void screen_init(struct screen *screen, uint64_t base);

/* Is this guest-physical address one of the screen's? */
bool screen_owns(const struct screen *screen, uint64_t address);

/* One access of `length` bytes (1, 2, 4 or 8) at `address`: a write takes
 * its value from data, a read puts it there. Returns 0, or -1 when the
 * access is one the device does not have (the reason in *why). */
int screen_access(struct screen *screen, uint64_t address, uint8_t *data,
                  unsigned length, bool is_write, const char **why);

/* Draw the screen in a frame of + - | characters. */
void screen_draw(const struct screen *screen, FILE *out);

#endif
