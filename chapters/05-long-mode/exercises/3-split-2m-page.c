/*
 * Exercise 05.3 (hard): split a 2 MiB page.
 *
 * To change one 4 KiB piece of a 2 MiB page (make it read-only, or move
 * it), an operating system first splits the large page: it builds a page
 * table whose 512 entries map exactly the same memory, and points the PD
 * entry at it. Complete split_2m_page(), which does that split.
 *
 * Hint: x86_page_walk() finds the PD entry for you (the step at level 2)
 * and says whether it maps a 2 MiB page (page_size). The large page's
 * address is bits 21-51 of that entry; entry i of the new table maps the
 * 4 KiB at that address + i * 4 KiB, with the same flags, except PTE_PS:
 * in a PT entry bit 7 is PAT, which selects a memory type. Check every
 * address before you write anything.
 *
 * Book: book/05-long-mode.md, "The walker, and KVM's opinion".
 * Check: make ex EX=05.3
 */
#include <stdint.h>

#include "paging.h"
#include "vm.h"

/* Replace the 2 MiB page that maps `virtual_address` in the tables at cr3
 * by a page table at guest-physical `new_table` (a 4 KiB page, not
 * zeroed) whose 512 entries map the same memory with the same
 * permissions. Returns 0; or -1, changing nothing, when no 2 MiB page
 * maps the address (it is not mapped, or by 4 KiB pages) or new_table is
 * not in guest memory. */
int split_2m_page(struct vm *vm, uint64_t cr3, uint64_t virtual_address,
                  uint64_t new_table)
{
    (void)vm;
    (void)cr3;
    (void)virtual_address;
    (void)new_table;
    return -1; /* your code here */
}
