/*
 * Exercise 15.1 (moderate): a watchpoint in a debug register.
 *
 * A debug register can watch data as well as code: DR7's R/W field for
 * the slot says what stops the processor (00 executing the instruction
 * at the address, 01 writing, 11 reading or writing), its LEN field how
 * many bytes from the address are watched, and its L bit enables the
 * slot (common/guest_debug.h names the bit positions). Complete
 * dr7_watch_writes(): the DR7 bits that make DR<slot> stop the guest when
 * it writes any of `length` bytes at the address in DR<slot>.
 *
 * Hint: LEN is 00 for 1 byte, 01 for 2, 11 for 4 and 10 for 8 (not 11: the
 * encodings are not length - 1). A slot outside 0-3, or a length other
 * than 1, 2, 4 or 8, cannot be watched: return 0. A data breakpoint is a
 * trap: it is reported after the write, so the guest's memory already
 * holds the new value when KVM_EXIT_DEBUG comes.
 *
 * Book: book/15-debugging.md, "Breakpoints".
 * Check: make ex EX=15.1
 */
#include <stdint.h>

#include "guest_debug.h"

/* DR7's bits for a write watchpoint of `length` bytes in `slot`, or 0. */
uint64_t dr7_watch_writes(int slot, int length)
{
    (void)slot, (void)length;
    return 0; /* your code here */
}
