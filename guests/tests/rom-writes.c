/*
 * rom-writes.c - a hostile guest for chapter 08: 1,000 writes to the
 * read-only memory slot (the ROM), of 1, 2, 4 and 8 bytes, all over it,
 * the last at its last byte. Each one leaves KVM_RUN as KVM_EXIT_MMIO; the
 * host must ignore them, report a few without flooding its stderr, and the
 * ROM must read back as it was.
 */
#include "kvm101.h"

#define ROM      0x2000000ul
#define ROM_SIZE 0x10000ul
#define WRITES   1000

int main(void)
{
    for (int i = 0; i < WRITES - 1; i++) {
        /* 8-byte aligned, so that no write spans two pages (which KVM
         * would split into two exits). */
        uint64_t address = ROM + (uint64_t)i * 56;

        switch (i % 4) {
        case 0:
            *(volatile uint8_t *)address = 'X';
            break;
        case 1:
            *(volatile uint16_t *)address = 0x5858;
            break;
        case 2:
            *(volatile uint32_t *)address = 0x58585858;
            break;
        default:
            *(volatile uint64_t *)address = 0x5858585858585858;
            break;
        }
    }
    *(volatile uint8_t *)(ROM + ROM_SIZE - 1) = 'X';
    printf("%d writes to the ROM; it says: %s\n", WRITES, (const char *)ROM);
    printf("its last byte: %#x\n", *(volatile uint8_t *)(ROM + ROM_SIZE - 1));
    return 0;
}
