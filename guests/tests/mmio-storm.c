/*
 * mmio-storm.c - a hostile guest for chapter 08: 10,000 one-byte writes to
 * the screen, each a KVM_EXIT_MMIO the host must answer, then one read of
 * the screen's ACCESSES register. The host must get through them within
 * its time limit and count every one.
 *
 * Cell i % 320 gets 'A' + (i / 320) % 26: after 10,000 writes (31 full
 * rounds and 80 cells more) the first two rows hold 'F' and the other six
 * 'E'.
 */
#include "kvm101.h"

#define SCREEN          0x1000000ul
#define SCREEN_CELLS    320
#define SCREEN_ACCESSES (SCREEN + 0x808)
#define WRITES          10000

int main(void)
{
    volatile char *cells = (volatile char *)SCREEN;
    uint64_t accesses;

    for (int i = 0; i < WRITES; i++)
        cells[i % SCREEN_CELLS] = 'A' + (i / SCREEN_CELLS) % 26;
    accesses = *(volatile uint64_t *)SCREEN_ACCESSES;
    printf("%d writes, then the screen counted %lu accesses\n", WRITES,
           (unsigned long)accesses);
    return 0;
}
