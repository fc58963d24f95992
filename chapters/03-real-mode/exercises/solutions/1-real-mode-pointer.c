/*
 * Exercise 03.1 (easy): find segment:offset in guest memory.
 * A reference solution.
 */
#include <stddef.h>
#include <stdint.h>

#include "vm.h"
#include "x86.h"

uint8_t *real_mode_pointer(const struct vm *vm, uint16_t segment,
                           uint16_t offset, size_t length)
{
    /* Up to 0x10ffef: wider than 16 bits, and no wrap at 1 MiB. */
    uint64_t linear = X86_REAL_MODE_ADDRESS(segment, offset);

    /* The guest chose the address: the slots decide if it is memory. */
    return vm_guest_to_host(vm, linear, length);
}
