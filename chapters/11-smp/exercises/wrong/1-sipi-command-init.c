/*
 * Exercise 11.1: a plausible wrong answer, which the test must reject.
 * Delivery mode 101b is INIT, not start-up: the processor is reset again
 * and goes on waiting.
 */
#include <stdint.h>

uint32_t sipi_command(uint64_t address)
{
    if (address % 4096 != 0 || address >= 0x100000)
        return 0;
    return 0x4500 | (uint32_t)(address >> 12);
}
