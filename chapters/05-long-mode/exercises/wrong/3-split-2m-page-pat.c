/*
 * Exercise 05.3: a plausible wrong answer, which the test must reject. It
 * copies the large page's flags into every new entry, PS included; in a
 * PT entry that bit is PAT, so each 4 KiB page quietly gets another
 * memory type.
 */
#include <stdint.h>

#include "paging.h"
#include "vm.h"

int split_2m_page(struct vm *vm, uint64_t cr3, uint64_t virtual_address,
                  uint64_t new_table)
{
    uint64_t *table = vm_guest_to_host(vm, new_table, PAGE_4K);
    uint64_t large, base, *pd_entry;
    struct page_walk walk;

    if (!table || x86_page_walk(vm, cr3, virtual_address, &walk) < 0 ||
        walk.page_size != PAGE_2M)
        return -1;
    pd_entry = vm_guest_to_host(vm, walk.step[walk.steps - 1].entry_address, 8);
    large = *pd_entry;
    base = large & PTE_ADDRESS & ~(PAGE_2M - 1);
    for (unsigned i = 0; i < 512; i++)
        table[i] = (base + i * PAGE_4K) | (large & ~PTE_ADDRESS);
    *pd_entry = new_table | PTE_P | PTE_RW | PTE_US;
    return 0;
}
