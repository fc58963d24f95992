/*
 * Exercise 05.2 (moderate): map a page by hand. A reference solution.
 */
#include <stdint.h>

#include "paging.h"
#include "vm.h"

int map_page(struct vm *vm, uint64_t cr3, const uint64_t tables[3],
             uint64_t virtual_address, uint64_t physical_address)
{
    /* Level 4 (the PML4) points at tables[0], level 3 at tables[1], level
     * 2 at tables[2], and level 1 (the PT) at the page itself. */
    uint64_t table = cr3 & PTE_ADDRESS;

    for (int level = 4; level >= 1; level--) {
        unsigned index = x86_page_index(virtual_address, level);
        uint64_t *entry = vm_guest_to_host(vm, table + 8 * index, 8);
        uint64_t next = level > 1 ? tables[4 - level] : physical_address;

        if (!entry)
            return -1;
        /* Present and writable at every level: the CPU combines them. */
        *entry = next | PTE_P | PTE_RW;
        table = next;
    }
    return 0;
}
