/*
 * Exercise 11.1 (easy): the start-up IPI for an address. A reference
 * solution.
 */
#include <stdint.h>

#define ICR_STARTUP 0x4600 /* delivery mode start-up, level assert */
#define PAGE_SIZE 4096
#define SIPI_LIMIT 0x100000 /* vector 0xff is the last page: 0xff000 */

uint32_t sipi_command(uint64_t address)
{
    if (address % PAGE_SIZE != 0 || address >= SIPI_LIMIT)
        return 0;
    return ICR_STARTUP | (uint32_t)(address / PAGE_SIZE);
}
