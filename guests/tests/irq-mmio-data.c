/*
 * irq-mmio-data.c - a chapter 10 guest that writes 8 bytes to an address
 * its page tables map but no memory backs (32 MiB; the chapter gives 16):
 * an MMIO exit whose data is 0x4141414141414141. In kvm_run that data
 * shares its bytes with io.data_offset, so a host that read the doorbell's
 * byte before checking that the exit is port I/O would follow a pointer
 * the guest chose (chapter 10 did, in its source; at -O2 the compiler
 * happened to move the read after the check, so it never crashed). The
 * host must stop with the MMIO exit, named, in one clear report
 * (tests/faults/interrupts.c).
 */
#include "kvm101.h"

#define NO_MEMORY 0x2000000ul /* 32 MiB: mapped, not backed */

int main(void)
{
    volatile uint64_t *nowhere = (volatile uint64_t *)NO_MEMORY;

    printf("writing 8 bytes where no memory is\n");
    *nowhere = 0x4141414141414141ull;
    return 0;
}
