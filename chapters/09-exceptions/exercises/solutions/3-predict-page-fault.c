/*
 * Exercise 09.3 (hard): predict a page fault. A reference solution.
 */
#include <stdbool.h>
#include <stdint.h>

#include "paging.h"

enum access { ACCESS_READ, ACCESS_WRITE, ACCESS_FETCH };

#define PF_PRESENT 0x1
#define PF_WRITE   0x2
#define PF_USER    0x4
#define PF_FETCH   0x10

int predict_page_fault(uint64_t entry, enum access access, bool user,
                       bool cr0_wp)
{
    int error = (access == ACCESS_WRITE ? PF_WRITE : 0) | (user ? PF_USER : 0) |
                (access == ACCESS_FETCH ? PF_FETCH : 0);

    if (!(entry & PTE_P))
        return error;
    if ((user && !(entry & PTE_US)) ||
        (access == ACCESS_WRITE && !(entry & PTE_RW) && (user || cr0_wp)) ||
        (access == ACCESS_FETCH && (entry & PTE_NX)))
        return error | PF_PRESENT;
    return -1;
}
