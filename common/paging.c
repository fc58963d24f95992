/*
 * paging.c - building and walking 4-level page tables.
 * Introduced in chapter 05.
 */
#include <errno.h>
#include <string.h>

#include "kvm.h"
#include "paging.h"

const struct flag_name x86_pte_flags[] = {
    {PTE_P, "P"},   {PTE_RW, "RW"}, {PTE_US, "US"}, {PTE_PWT, "PWT"},
    {PTE_PCD, "PCD"}, {PTE_A, "A"}, {PTE_D, "D"},   {PTE_PS, "PS"},
    {PTE_G, "G"},   {PTE_NX, "NX"}, {0, NULL},
};

const char *x86_paging_level_name(int level)
{
    static const char *const names[] = {"?", "PT", "PD", "PDPT", "PML4"};

    return level >= 1 && level <= 4 ? names[level] : names[0];
}

// ANCHOR: page_index
unsigned x86_page_index(uint64_t virtual_address, int level)
{
    /* 12 offset bits, then 9 index bits per level, PT (1) first. */
    return (virtual_address >> (12 + 9 * (level - 1))) & 0x1ff;
}
// ANCHOR_END: page_index

int x86_is_canonical(uint64_t virtual_address)
{
    uint64_t top = virtual_address >> 47; /* bits 63-47: all 0 or all 1 */

    return top == 0 || top == 0x1ffff;
}

/* Take the next page of the area as a new, empty table. */
static int take_table(struct page_tables *tables, uint64_t *table)
{
    void *page;

    if (tables->next_free + PAGE_4K > tables->area_end) {
        errno = ENOSPC;
        return -1;
    }
    page = vm_guest_to_host(tables->vm, tables->next_free, PAGE_4K);
    if (!page) {
        errno = EFAULT;
        return -1;
    }
    memset(page, 0, PAGE_4K);
    *table = tables->next_free;
    tables->next_free += PAGE_4K;
    return 0;
}

/* The address of entry `index` of the table at guest-physical `table`. */
static uint64_t *entry_in(struct vm *vm, uint64_t table, unsigned index)
{
    return vm_guest_to_host(vm, table + 8 * index, sizeof(uint64_t));
}

int page_tables_init(struct page_tables *tables, struct vm *vm, uint64_t area,
                     uint64_t size)
{
    *tables = (struct page_tables){vm, 0, area, area + size};
    if (area % PAGE_4K) {
        errno = EINVAL;
        return -1;
    }
    return take_table(tables, &tables->root);
}

// ANCHOR: map
int page_tables_map(struct page_tables *tables, uint64_t virtual_address,
                    uint64_t physical_address, uint64_t page_size,
                    uint64_t flags)
{
    int leaf = page_size == PAGE_4K ? 1 : page_size == PAGE_2M ? 2 : 0;
    uint64_t table = tables->root;
    uint64_t *entry;

    if (!leaf || !x86_is_canonical(virtual_address) ||
        ((virtual_address | physical_address) & (page_size - 1))) {
        errno = EINVAL;
        return -1;
    }
    /* Walk down from the PML4, making the tables that are missing. */
    for (int level = 4; level > leaf; level--) {
        entry = entry_in(tables->vm, table,
                         x86_page_index(virtual_address, level));
        if (!entry) {
            errno = EFAULT; /* a table outside guest memory */
            return -1;
        }
        if (!(*entry & PTE_P)) {
            uint64_t next;

            if (take_table(tables, &next) < 0)
                return -1;
            /* The upper levels allow everything: the leaf decides. */
            *entry = next | PTE_P | PTE_RW | PTE_US;
        } else if (*entry & PTE_PS) {
            errno = EEXIST; /* inside a large page mapped already */
            return -1;
        }
        table = *entry & PTE_ADDRESS;
    }
    entry = entry_in(tables->vm, table, x86_page_index(virtual_address, leaf));
    if (!entry) {
        errno = EFAULT;
        return -1;
    }
    if (*entry & PTE_P) {
        errno = EEXIST;
        return -1;
    }
    *entry = physical_address | flags | PTE_P | (leaf == 2 ? PTE_PS : 0);
    return 0;
}
// ANCHOR_END: map

// ANCHOR: walk
int x86_page_walk(const struct vm *vm, uint64_t cr3, uint64_t virtual_address,
                  struct page_walk *walk)
{
    uint64_t table = cr3 & PTE_ADDRESS;

    *walk = (struct page_walk){0};
    if (!x86_is_canonical(virtual_address)) {
        errno = EINVAL;
        return -1;
    }
    for (int level = 4; level >= 1; level--) {
        unsigned index = x86_page_index(virtual_address, level);
        uint64_t address = table + 8 * index;
        const uint64_t *entry = vm_guest_to_host(vm, address, 8);

        if (!entry) {
            errno = EFAULT;
            return -1;
        }
        walk->step[walk->steps++] =
            (struct walk_step){level, index, address, *entry};
        if (!(*entry & PTE_P)) {
            errno = ENOENT;
            return -1;
        }
        /* A PT entry maps a 4 KiB page; PS in a PD (PDPT) entry maps a
         * 2 MiB (1 GiB) page, the rest of the address being the offset. */
        if (level == 1 || (level <= 3 && (*entry & PTE_PS))) {
            uint64_t size = 1ull << (12 + 9 * (level - 1));

            walk->page_size = size;
            walk->physical_address = (*entry & PTE_ADDRESS & ~(size - 1)) |
                                     (virtual_address & (size - 1));
            return 0;
        }
        table = *entry & PTE_ADDRESS;
    }
    return -1; /* not reached: level 1 always returns */
}
// ANCHOR_END: walk
