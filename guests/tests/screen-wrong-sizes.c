/*
 * screen-wrong-sizes.c - a hostile guest for chapter 08: it reads and
 * writes the screen's registers with the wrong sizes, runs past the end of
 * its cells, and touches offsets where the screen has no register. The
 * screen must refuse each access (a read gives all ones), change nothing,
 * and still count it; the host must report a few and stay up.
 */
#include "kvm101.h"

#define SCREEN    0x1000000ul
#define CELLS_END 0x140 /* 40 x 8 cells */
#define ID        0x800
#define ACCESSES  0x808
#define FILL      0x810

#define AT(type, offset) (*(volatile type *)(SCREEN + (offset)))

int main(void)
{
    /* Reads of the wrong size, or where nothing is: all ones. */
    printf("ID as 1 byte: %#x\n", AT(uint8_t, ID));
    printf("ID as 2 bytes: %#x\n", AT(uint16_t, ID));
    printf("ID as 8 bytes: %#lx\n", (unsigned long)AT(uint64_t, ID));
    printf("ID at +1: %#x\n", AT(uint32_t, ID + 1));
    printf("ACCESSES as 4 bytes: %#x\n", AT(uint32_t, ACCESSES));
    printf("FILL read: %#lx\n", (unsigned long)AT(uint64_t, FILL));
    printf("8 bytes over the last cells: %#lx\n",
           (unsigned long)AT(uint64_t, CELLS_END - 4));
    printf("just past the cells: %#x\n", AT(uint8_t, CELLS_END));
    printf("at 0x400: %#lx\n", (unsigned long)AT(uint64_t, 0x400));
    printf("the last byte: %#x\n", AT(uint8_t, 0xfff));

    /* Writes the screen must refuse and ignore. */
    AT(uint32_t, ID) = 0x21212121; /* ID is read-only */
    AT(uint64_t, ACCESSES) = 0;    /* so is ACCESSES */
    AT(uint32_t, FILL) = '#';      /* FILL takes 8 bytes */
    AT(uint16_t, FILL) = '#';
    AT(uint64_t, CELLS_END - 4) = 0x2323232323232323; /* runs past */
    AT(uint16_t, CELLS_END - 1) = 0x2323;
    AT(uint8_t, 0xfff) = '#';

    /* One right access, so that the host's drawing shows it worked. */
    AT(uint8_t, 0) = '!';
    printf("ID as 4 bytes: %#x\n", AT(uint32_t, ID));
    printf("the screen counted %lu accesses\n",
           (unsigned long)AT(uint64_t, ACCESSES));
    return 0;
}
