/*
 * 08-memory-and-mmio.c - the chapter 08 guest: it draws on a screen device
 * through MMIO, with accesses of 1, 2, 4 and 8 bytes; reads a ROM and tries
 * to write it; reads an address where nothing is; and writes three pages of
 * a memory slot whose dirty pages the host logs.
 */
#include "kvm101.h"

// ANCHOR: memory_map
/* The machine's memory map, as chapter 08's host builds it. */
#define SCREEN 0x1000000ul        /* the screen device, in a hole */
#define SCREEN_COLUMNS 40
#define ROM 0x2000000ul           /* read-only memory */
#define LOGGED 0x3000000ul        /* memory whose written pages are logged */
#define NOTHING 0x1800000ul       /* in the hole, but no device there */
// ANCHOR_END: memory_map

/* volatile: every access must happen, exactly as written, with its size. */
#define REGISTER(type, address) (*(volatile type *)(address))

// ANCHOR: draw
/* Write a string into the screen's cells, one byte (one exit) each. */
static void draw(int row, int column, const char *text)
{
    volatile char *cell = (volatile char *)SCREEN;

    for (int i = 0; text[i]; i++)
        cell[row * SCREEN_COLUMNS + column + i] = text[i];
}

static void use_the_screen(void)
{
    uint32_t id = REGISTER(uint32_t, SCREEN + 0x800); /* 4-byte read */

    printf("screen id: %.4s\n", (const char *)&id);
    REGISTER(uint64_t, SCREEN + 0x810) = '.';   /* 8-byte write: fill */
    draw(1, 2, "Hello from MMIO!");              /* 1-byte writes */
    REGISTER(uint16_t, SCREEN + 3 * SCREEN_COLUMNS + 2) = 'O' | 'K' << 8;
    REGISTER(uint32_t, SCREEN + 4 * SCREEN_COLUMNS + 2) = 0x34333231;
    REGISTER(uint64_t, SCREEN + 5 * SCREEN_COLUMNS + 2) = 0x2a2a2a2a2a2a2a2a;
    printf("the screen has counted %lu accesses\n",
           (unsigned long)REGISTER(uint64_t, SCREEN + 0x808)); /* 8 bytes */
}
// ANCHOR_END: draw

// ANCHOR: rom_and_nothing
static void use_the_rom(void)
{
    printf("the ROM says: %s\n", (const char *)ROM); /* plain reads */
    REGISTER(char, ROM) = 'X'; /* read-only: this write exits to the host */
    printf("after a write it says: %s\n", (const char *)ROM);
    printf("at %#lx, where nothing is, I read %#x\n", NOTHING,
           REGISTER(uint32_t, NOTHING));
}
// ANCHOR_END: rom_and_nothing

// ANCHOR: dirty_pages
/* Pages 0, 5 and 6 of the logged memory: the last write spans two. */
static void write_logged_pages(void)
{
    REGISTER(uint8_t, LOGGED) = 1;
    memcpy((void *)(LOGGED + 6 * 4096 - 8), "sixteen bytes...", 16);
}
// ANCHOR_END: dirty_pages

int main(void)
{
    use_the_screen();
    use_the_rom();
    write_logged_pages();
    return 0;
}
