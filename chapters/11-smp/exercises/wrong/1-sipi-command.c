/*
 * Exercise 11.1: a plausible wrong answer, which the test must reject.
 * The vector is the real-mode segment (address >> 4), not the page
 * number: CS would be V << 8, sixteen times too far.
 */
#include <stdint.h>

uint32_t sipi_command(uint64_t address)
{
    if (address % 4096 != 0 || address >= 0x100000)
        return 0;
    return 0x4600 | (uint32_t)((address >> 4) & 0xff);
}
