/*
 * Exercise 05.2: a plausible wrong answer, which the test must reject. It
 * sets PTE_PS ("page size") in the PD entry, taking it for "this leads to
 * a page". PS there means "this entry is a 2 MiB page": the PT is never
 * read, and the PT's address becomes a misaligned large page.
 */
#include <stdint.h>

#include "paging.h"
#include "vm.h"

int map_page(struct vm *vm, uint64_t cr3, const uint64_t tables[3],
             uint64_t virtual_address, uint64_t physical_address)
{
    uint64_t table = cr3 & PTE_ADDRESS;

    for (int level = 4; level >= 1; level--) {
        unsigned index = x86_page_index(virtual_address, level);
        uint64_t *entry = vm_guest_to_host(vm, table + 8 * index, 8);
        uint64_t next = level > 1 ? tables[4 - level] : physical_address;

        if (!entry)
            return -1;
        *entry = next | PTE_P | PTE_RW | (level == 2 ? PTE_PS : 0);
        table = next;
    }
    return 0;
}
