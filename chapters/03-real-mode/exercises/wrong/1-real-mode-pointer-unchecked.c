/*
 * Exercise 03.1: a plausible wrong answer, which the test must reject.
 * The address is right, but it trusts it: guest memory starts at 0, so it
 * adds the address to the first slot's host address without asking
 * whether the bytes are inside the slot. A guest that says ffff:ffff makes
 * the host touch memory 1 MiB past the end of a 64 KiB buffer.
 */
#include <stddef.h>
#include <stdint.h>

#include "vm.h"
#include "x86.h"

uint8_t *real_mode_pointer(const struct vm *vm, uint16_t segment,
                           uint16_t offset, size_t length)
{
    (void)length;
    return (uint8_t *)vm->slots[0].host +
           X86_REAL_MODE_ADDRESS(segment, offset);
}
