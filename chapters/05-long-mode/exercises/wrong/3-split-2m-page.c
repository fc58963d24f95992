/*
 * Exercise 05.3: a plausible wrong answer, which the test must reject. It
 * builds the new table well, but points the PD entry at it with the large
 * page's flags, PS among them: the CPU still takes the entry for a 2 MiB
 * page, at the table's (misaligned) address, and never reads the table.
 */
#include <stdint.h>

#include "paging.h"
#include "vm.h"

int split_2m_page(struct vm *vm, uint64_t cr3, uint64_t virtual_address,
                  uint64_t new_table)
{
    uint64_t *table = vm_guest_to_host(vm, new_table, PAGE_4K);
    uint64_t large, base, flags, *pd_entry;
    struct page_walk walk;

    if (!table || x86_page_walk(vm, cr3, virtual_address, &walk) < 0 ||
        walk.page_size != PAGE_2M)
        return -1;
    pd_entry = vm_guest_to_host(vm, walk.step[walk.steps - 1].entry_address, 8);
    large = *pd_entry;
    base = large & PTE_ADDRESS & ~(PAGE_2M - 1);
    flags = large & ~PTE_ADDRESS;
    for (unsigned i = 0; i < 512; i++)
        table[i] = (base + i * PAGE_4K) | (flags & ~PTE_PS);
    *pd_entry = new_table | flags;
    return 0;
}
