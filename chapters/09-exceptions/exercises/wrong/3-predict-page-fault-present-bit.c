/*
 * Exercise 09.3: a plausible wrong answer, which the test must reject.
 * It reads bit 0 of the error code as "the page is not present", the
 * opposite of its meaning: P = 1 says the page was there and the access
 * broke its rights.
 */
#include <stdbool.h>
#include <stdint.h>

#include "paging.h"

enum access { ACCESS_READ, ACCESS_WRITE, ACCESS_FETCH };

int predict_page_fault(uint64_t entry, enum access access, bool user,
                       bool cr0_wp)
{
    int error = (access == ACCESS_WRITE ? 0x2 : 0) | (user ? 0x4 : 0) |
                (access == ACCESS_FETCH ? 0x10 : 0);

    if (!(entry & PTE_P))
        return error | 0x1;
    if ((user && !(entry & PTE_US)) ||
        (access == ACCESS_WRITE && !(entry & PTE_RW) && (user || cr0_wp)) ||
        (access == ACCESS_FETCH && (entry & PTE_NX)))
        return error;
    return -1;
}
