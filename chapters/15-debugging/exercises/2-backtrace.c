/*
 * Exercise 15.2 (moderate): a backtrace from the stub.
 *
 * Code built with frame pointers (the chapter's guest: -O0) begins every
 * function with `push rbp; mov rbp, rsp`. So, once past that prologue,
 * rbp points at a pair of 8-byte words on the stack: [rbp] is the
 * caller's rbp, and [rbp + 8] the return address into the caller. The
 * caller's rbp points at its own pair, and so on: a chain, which ends
 * where rbp is 0 (the guest's _start begins with rbp 0).
 *
 * Complete backtrace(): read the registers through the target, then walk
 * the chain through the target's read_memory, and store in frames[] the
 * return address of every frame whose rbp is not 0, innermost first, at
 * most `max`. Return how many you stored, or -1 if the registers cannot
 * be read. Stop, too, where memory cannot be read.
 *
 * Hint: in the `g` bytes (target->read_registers) each of the first 17
 * registers is 8 bytes, little-endian: rbp is register 6, rip 16
 * (common/gdb_kvm.c lists the order). Never touch guest memory directly:
 * the target translates the guest's virtual addresses.
 *
 * Book: book/15-debugging.md, "The stub, layer by layer".
 * Check: make ex EX=15.2
 */
#include <stdint.h>

#include "gdb_commands.h"

/* The return addresses of the frames from the current one outwards. */
int backtrace(const struct gdb_target *target, uint64_t *frames, int max)
{
    (void)target, (void)frames, (void)max;
    return 0; /* your code here */
}
