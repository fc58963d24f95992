/*
 * Exercise 05.2: a plausible wrong answer, which the test must reject. It
 * marks only the page's own entry present: the table entries above it
 * hold an address and RW but no PTE_P, and the CPU stops at the first.
 */
#include <stdint.h>

#include "paging.h"
#include "vm.h"

int map_page(struct vm *vm, uint64_t cr3, const uint64_t tables[3],
             uint64_t virtual_address, uint64_t physical_address)
{
    uint64_t table = cr3 & PTE_ADDRESS;
    uint64_t *leaf;

    for (int level = 4; level >= 2; level--) {
        unsigned index = x86_page_index(virtual_address, level);
        uint64_t *entry = vm_guest_to_host(vm, table + 8 * index, 8);

        if (!entry)
            return -1;
        *entry = tables[4 - level] | PTE_RW;
        table = tables[4 - level];
    }
    leaf =
        vm_guest_to_host(vm, table + 8 * x86_page_index(virtual_address, 1), 8);
    if (!leaf)
        return -1;
    *leaf = physical_address | PTE_P | PTE_RW;
    return 0;
}
