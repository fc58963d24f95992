/*
 * Exercise 05.2 (moderate): map a page by hand.
 *
 * page_tables_map() hides four entries behind one call. Write them
 * yourself: complete map_page() so that the 4 KiB page at a virtual
 * address leads to a physical page, through a PDPT, a PD and a PT that
 * you are given, empty, below an existing PML4.
 *
 * Hint: x86_page_index(address, level) gives the index at each level, 4
 * (PML4) down to 1 (PT); entry i of a table is the 8 bytes at table +
 * 8 * i. Each entry is the physical address of the next table, or of the
 * page, ORed with flags. The CPU stops at any entry without PTE_P, and a
 * write needs PTE_RW at every level. PTE_PS belongs only in an entry that
 * maps a large page.
 *
 * Book: book/05-long-mode.md, "The entries". Check: make ex EX=05.2
 */
#include <stdint.h>

#include "paging.h"
#include "vm.h"

/* Map the 4 KiB page at `virtual_address` (canonical, 4 KiB aligned) onto
 * `physical_address`, writable, with the PML4 at guest-physical cr3. The
 * PML4's entry for the address is still empty; tables[0], tables[1] and
 * tables[2] are the guest-physical addresses of three zeroed pages, to
 * become the PDPT, the PD and the PT. Reach guest memory through
 * vm_guest_to_host(). Returns 0, or -1 when a table is not in guest
 * memory. */
int map_page(struct vm *vm, uint64_t cr3, const uint64_t tables[3],
             uint64_t virtual_address, uint64_t physical_address)
{
    (void)vm;
    (void)cr3;
    (void)tables;
    (void)virtual_address;
    (void)physical_address;
    return -1; /* your code here */
}
