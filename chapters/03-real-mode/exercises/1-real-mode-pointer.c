/*
 * Exercise 03.1 (easy): find segment:offset in guest memory.
 *
 * The host often needs to look at what a real-mode guest wrote "at DS:SI"
 * or "at ES:DI". Complete real_mode_pointer() so that it turns a
 * segment:offset pair into a host pointer to those bytes of guest memory,
 * or NULL when any of them is outside guest memory: the guest chooses the
 * address, and the host must never read or write outside the slots.
 *
 * Hint: the linear address is segment * 16 + offset, and it can be larger
 * than 16 bits, and even than 20: ffff:ffff is 0x10ffef, above 1 MiB
 * (KVM's processor does not wrap at 1 MiB as an 8086 did). Compute it in
 * a wide enough type (X86_REAL_MODE_ADDRESS() in common/x86.h does), then
 * let vm_guest_to_host() (common/vm.c) check the range and translate.
 *
 * Book: book/03-real-mode.md, "Exercises". Check: make ex EX=03.1
 */
#include <stddef.h>
#include <stdint.h>

#include "vm.h"
#include "x86.h"

/* The host address of the `length` bytes at segment:offset in the guest's
 * (real-mode) memory, or NULL if any of them lies outside every slot. */
uint8_t *real_mode_pointer(const struct vm *vm, uint16_t segment,
                           uint16_t offset, size_t length)
{
    (void)vm;
    (void)segment;
    (void)offset;
    (void)length;
    return NULL; /* your code here */
}
