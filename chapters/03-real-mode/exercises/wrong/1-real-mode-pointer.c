/*
 * Exercise 03.1: a plausible wrong answer, which the test must reject.
 * Real mode is "16-bit", so it computes the address in 16 bits: every
 * segment but 0 wraps around inside the first 64 KiB, and 0123:4567 lands
 * at 0x5797 only by luck of the numbers being small.
 */
#include <stddef.h>
#include <stdint.h>

#include "vm.h"
#include "x86.h"

uint8_t *real_mode_pointer(const struct vm *vm, uint16_t segment,
                           uint16_t offset, size_t length)
{
    uint16_t linear = segment * 16 + offset;

    return vm_guest_to_host(vm, linear, length);
}
