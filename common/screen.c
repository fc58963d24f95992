/*
 * screen.c - a text screen reached by MMIO. Introduced in chapter 08.
 */
#include <string.h>

#include "screen.h"

void screen_init(struct screen *screen, uint64_t base)
{
    screen->base = base;
    memset(screen->cells, ' ', sizeof(screen->cells));
    screen->accesses = 0;
}

bool screen_owns(const struct screen *screen, uint64_t address)
{
    return address >= screen->base && address - screen->base < SCREEN_SIZE;
}

/* A register of exactly `size` bytes, accessed whole, or not at all. */
static bool is_register(uint64_t offset, unsigned length, uint64_t reg,
                        unsigned size)
{
    return offset == reg && length == size;
}

// ANCHOR: screen_access
int screen_access(struct screen *screen, uint64_t address, uint8_t *data,
                  unsigned length, bool is_write, const char **why)
{
    uint64_t offset = address - screen->base;
    uint32_t id = SCREEN_ID_VALUE;
    uint64_t fill;

    screen->accesses++;
    if (offset < sizeof(screen->cells) &&
        length <= sizeof(screen->cells) - offset) {
        if (is_write)
            memcpy(screen->cells + offset, data, length);
        else
            memcpy(data, screen->cells + offset, length);
        return 0;
    }
    if (!is_write && is_register(offset, length, SCREEN_ID, 4)) {
        memcpy(data, &id, 4); /* x86 and this host are little-endian */
        return 0;
    }
    if (!is_write && is_register(offset, length, SCREEN_ACCESSES, 8)) {
        memcpy(data, &screen->accesses, 8);
        return 0;
    }
    if (is_write && is_register(offset, length, SCREEN_FILL, 8)) {
        memcpy(&fill, data, 8);
        memset(screen->cells, (char)fill, sizeof(screen->cells));
        return 0;
    }
    *why = "no such register, or the wrong size for it";
    if (!is_write)
        memset(data, 0xff, length); /* what a bus gives when nobody answers */
    return -1;
}
// ANCHOR_END: screen_access

void screen_draw(const struct screen *screen, FILE *out)
{
    char border[SCREEN_COLUMNS + 1];

    memset(border, '-', SCREEN_COLUMNS);
    border[SCREEN_COLUMNS] = '\0';
    fprintf(out, "+%s+\n", border);
    for (int row = 0; row < SCREEN_ROWS; row++) {
        fputc('|', out);
        for (int column = 0; column < SCREEN_COLUMNS; column++) {
            char c = screen->cells[row * SCREEN_COLUMNS + column];

            fputc(c >= 0x20 && c < 0x7f ? c : '.', out); /* printable only */
        }
        fputs("|\n", out);
    }
    fprintf(out, "+%s+\n", border);
}
