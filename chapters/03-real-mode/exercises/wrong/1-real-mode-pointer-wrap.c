/*
 * Exercise 03.1: a plausible wrong answer, which the test must reject.
 * It keeps 20 bits, as the 8086 did: ffff:0010 becomes 0, not 0x100000.
 * KVM's processor has the A20 address line enabled and does not wrap.
 */
#include <stddef.h>
#include <stdint.h>

#include "vm.h"
#include "x86.h"

uint8_t *real_mode_pointer(const struct vm *vm, uint16_t segment,
                           uint16_t offset, size_t length)
{
    uint64_t linear = X86_REAL_MODE_ADDRESS(segment, offset) & 0xfffff;

    return vm_guest_to_host(vm, linear, length);
}
