/*
 * Exercise 09.3: a plausible wrong answer, which the test must reject.
 * It treats RW as binding everywhere: a kernel-mode write to a read-only
 * page faults here even with CR0.WP = 0, when the CPU lets it through
 * (chapter 05 runs with WP clear and writes such a page).
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

    (void)cr0_wp;
    if (!(entry & PTE_P))
        return error;
    if ((user && !(entry & PTE_US)) ||
        (access == ACCESS_WRITE && !(entry & PTE_RW)) ||
        (access == ACCESS_FETCH && (entry & PTE_NX)))
        return error | 0x1;
    return -1;
}
