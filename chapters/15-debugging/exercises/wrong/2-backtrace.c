/*
 * Exercise 15.2: a plausible wrong answer, which the test must reject.
 * It takes [rbp] for the return address: that is the caller's saved rbp,
 * a stack address, and the chain it follows is one word off.
 */
#include <stdint.h>
#include <string.h>

#include "gdb_commands.h"

int backtrace(const struct gdb_target *target, uint64_t *frames, int max)
{
    uint8_t registers[GDB_MAX_REGISTER_BYTES];
    uint64_t rbp, word;
    size_t done;
    int count = 0;

    if (target->read_registers(target->context, registers) < 0)
        return -1;
    memcpy(&rbp, registers + 8 * 6, 8);
    while (rbp != 0 && count < max) {
        if (target->read_memory(target->context, rbp, (uint8_t *)&word,
                                sizeof(word), &done) < 0)
            break;
        frames[count++] = word;
        rbp = word;
    }
    return count;
}
