/*
 * Exercise 02.3: a plausible wrong answer, which the test must reject.
 * The slot is in the right place, but the hlt goes to the host address
 * vm_add_memory() returned, which is guest address 0xffff0000, the start
 * of the slot: the first fetch, 0xfff0 bytes further on, finds zeros.
 */
#include <errno.h>
#include <stdint.h>

#include "vm.h"
#include "x86.h"

int hlt_at_reset_vector(struct vm *vm)
{
    uint8_t *rom = vm_add_memory(vm, X86_RESET_CS_BASE, 0x10000);

    if (!rom)
        return -1;
    *rom = 0xf4;
    return 0;
}
