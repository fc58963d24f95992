/*
 * Exercise 05.3 (hard): split a 2 MiB page. A reference solution.
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
    /* The walk's last step is the PD entry with PS. */
    pd_entry = vm_guest_to_host(vm, walk.step[walk.steps - 1].entry_address, 8);
    large = *pd_entry;
    base = large & PTE_ADDRESS & ~(PAGE_2M - 1);
    flags = large & ~PTE_ADDRESS & ~PTE_PS; /* keeps P, RW, US, NX, ... */
    for (unsigned i = 0; i < 512; i++)
        table[i] = (base + i * PAGE_4K) | flags;
    /* The PD entry allows everything and leaves the decision to the new
     * entries, as page_tables_map() does for the levels above a page. */
    *pd_entry = new_table | PTE_P | PTE_RW | PTE_US;
    return 0;
}
