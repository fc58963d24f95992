/*
 * Exercise 02.3 (hard): memory at the reset vector.
 * A reference solution.
 */
#include <errno.h>
#include <stdint.h>

#include "vm.h"
#include "x86.h"

#define HLT 0xf4

int hlt_at_reset_vector(struct vm *vm)
{
    /* Where the processor really fetches: the hidden base, not f000 * 16. */
    uint64_t reset_vector = X86_RESET_CS_BASE + X86_RESET_RIP;
    /* 64 KiB, the whole of the reset CS segment, as a PC's firmware. */
    uint8_t *rom = vm_add_memory(vm, X86_RESET_CS_BASE, 0x10000);

    if (!rom)
        return -1;
    rom[reset_vector - X86_RESET_CS_BASE] = HLT;
    return 0;
}
