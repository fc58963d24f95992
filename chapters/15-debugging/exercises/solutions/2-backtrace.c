/*
 * Exercise 15.2: a reference solution.
 */
#include <stdint.h>
#include <string.h>

#include "gdb_commands.h"

#define RBP 6 /* in the `g` bytes, 8 bytes each */

int backtrace(const struct gdb_target *target, uint64_t *frames, int max)
{
    uint8_t registers[GDB_MAX_REGISTER_BYTES];
    uint64_t rbp, pair[2];
    size_t done;
    int count = 0;

    if (target->read_registers(target->context, registers) < 0)
        return -1;
    memcpy(&rbp, registers + 8 * RBP, 8); /* x86 is little-endian too */
    while (rbp != 0 && count < max) {
        if (target->read_memory(target->context, rbp, (uint8_t *)pair,
                                sizeof(pair), &done) < 0)
            break;
        frames[count++] = pair[1]; /* [rbp + 8] */
        rbp = pair[0];             /* [rbp] */
    }
    return count;
}
