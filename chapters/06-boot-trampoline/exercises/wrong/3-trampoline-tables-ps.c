/*
 * Exercise 06.3: a plausible wrong answer, which the test must reject. Its
 * PD entry has no PTE_PS, so it does not map a 2 MiB page: the CPU reads
 * it as the address of a page table, at physical 0, whose entries (the
 * real-mode interrupt table, here zeros) are not present.
 */
#include <stdint.h>

#include "paging.h"

#define KERNEL_BASE 0xffffffff80000000ull

void trampoline_tables(uint64_t tables[4][512], uint64_t tables_phys)
{
    uint64_t low_phys = tables_phys + PAGE_4K;
    uint64_t high_phys = tables_phys + 2 * PAGE_4K;
    uint64_t pd_phys = tables_phys + 3 * PAGE_4K;

    tables[0][0] = low_phys | PTE_P | PTE_RW;
    tables[1][0] = pd_phys | PTE_P | PTE_RW;
    tables[0][x86_page_index(KERNEL_BASE, 4)] = high_phys | PTE_P | PTE_RW;
    tables[2][x86_page_index(KERNEL_BASE, 3)] = pd_phys | PTE_P | PTE_RW;
    tables[3][0] = 0 | PTE_P | PTE_RW;
}
