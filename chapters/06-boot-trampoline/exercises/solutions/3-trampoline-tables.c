/*
 * Exercise 06.3 (hard): page tables for a trampoline. A reference
 * solution.
 */
#include <stdint.h>

#include "paging.h"

#define KERNEL_BASE 0xffffffff80000000ull

void trampoline_tables(uint64_t tables[4][512], uint64_t tables_phys)
{
    uint64_t *pml4 = tables[0], *low = tables[1], *high = tables[2];
    uint64_t *pd = tables[3];
    uint64_t low_phys = tables_phys + PAGE_4K;
    uint64_t high_phys = tables_phys + 2 * PAGE_4K;
    uint64_t pd_phys = tables_phys + 3 * PAGE_4K;

    /* Identity: PML4[0] -> PDPT[0] -> the PD. */
    pml4[x86_page_index(0, 4)] = low_phys | PTE_P | PTE_RW;
    low[x86_page_index(0, 3)] = pd_phys | PTE_P | PTE_RW;
    /* The kernel's half: PML4[511] -> PDPT[510] -> the same PD, since both
     * end in the same 2 MiB. */
    pml4[x86_page_index(KERNEL_BASE, 4)] = high_phys | PTE_P | PTE_RW;
    high[x86_page_index(KERNEL_BASE, 3)] = pd_phys | PTE_P | PTE_RW;
    /* PD[0]: the 2 MiB page at physical 0 itself. */
    pd[0] = 0 | PTE_P | PTE_RW | PTE_PS;
}
