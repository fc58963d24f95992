/*
 * Exercise 02.3 (hard): memory at the reset vector.
 *
 * Chapter 02's VM cannot run: a fresh vCPU fetches its first instruction
 * at 0xfffffff0, and the VM has memory only at 0 to 0xffff. Do what a PC's
 * motherboard does with its firmware ROM: complete hlt_at_reset_vector()
 * so that it gives the VM memory at the reset vector, with a `hlt` (the
 * byte 0xf4) as the very first instruction a fresh vCPU executes. The VM
 * already has its 64 KiB at 0; keep them.
 *
 * Hint: the address is cs.base + rip of the reset state, 0xffff0000 +
 * 0xfff0, not 0xf000 * 16 + 0xfff0 (common/x86.h has both numbers).
 * vm_add_memory() adds a slot (its address and size multiples of 4096)
 * and returns the host address of the slot's first byte: the hlt goes at
 * the offset of 0xfffffff0 from the start of the slot.
 *
 * Book: book/02-vm-and-vcpu.md, "Exercises". Check: make ex EX=02.3
 */
#include <errno.h>
#include <stdint.h>

#include "vm.h"
#include "x86.h"

/* Add guest memory holding a hlt at the reset vector. Returns 0, or -1
 * with errno set. */
int hlt_at_reset_vector(struct vm *vm)
{
    (void)vm;
    return -1; /* your code here */
}
