/*
 * Exercise 06.3: a plausible wrong answer, which the test must reject. It
 * maps only where the kernel will run. The boot sector sets CR0.PG while
 * running at 0x7c..., which is now unmapped: the very next instruction
 * fetch page-faults, and with no IDT that is a triple fault.
 */
#include <stdint.h>

#include "paging.h"

#define KERNEL_BASE 0xffffffff80000000ull

void trampoline_tables(uint64_t tables[4][512], uint64_t tables_phys)
{
    uint64_t pdpt_phys = tables_phys + PAGE_4K;
    uint64_t pd_phys = tables_phys + 2 * PAGE_4K;

    tables[0][x86_page_index(KERNEL_BASE, 4)] = pdpt_phys | PTE_P | PTE_RW;
    tables[1][x86_page_index(KERNEL_BASE, 3)] = pd_phys | PTE_P | PTE_RW;
    tables[2][0] = 0 | PTE_P | PTE_RW | PTE_PS;
}
