/*
 * Exercise 06.3 (hard): page tables for a trampoline.
 *
 * A kernel is linked to run high, at 0xffffffff80000000 for Linux, but is
 * loaded low, and the code that turns paging on runs at its physical
 * address. Complete trampoline_tables() so that the same 2 MiB of memory
 * appear at both places, and a boot sector can switch paging on and then
 * jump up into the kernel's half.
 *
 * Hint: the instruction after `mov cr0, eax` is fetched through the new
 * tables at the same address as before, so the low mapping must be an
 * identity map; the high one is for the kernel. 0xffffffff80000000 is
 * PML4 entry 511, PDPT entry 510, PD entry 0. With PTE_PS a PD entry maps
 * 2 MiB itself; without it, the CPU reads it as the address of a PT.
 *
 * Book: book/06-boot-trampoline.md, "Protected mode: 32-bit code, page
 * tables, and the switch". Check: make ex EX=06.3
 */
#include <stdint.h>

#include "paging.h"

#define KERNEL_BASE 0xffffffff80000000ull

/* Map the first 2 MiB of physical memory, writable, with 2 MiB pages,
 * twice: at virtual address 0 and at KERNEL_BASE. tables[0] to tables[3]
 * are four zeroed 4 KiB pages, at guest-physical tables_phys + i * 4096;
 * tables[0] is the PML4, which CR3 will point at. Use the others as you
 * need them. */
void trampoline_tables(uint64_t tables[4][512], uint64_t tables_phys)
{
    (void)tables;
    (void)tables_phys;
    /* your code here */
}
