/*
 * Exercise 05.1 (easy): the address behind four indexes.
 *
 * x86_page_index() cuts a virtual address into its four table indexes.
 * Go the other way: complete virtual_address() so that it puts four
 * indexes together into the address of the 4 KiB page they lead to, in
 * the form the CPU accepts. For example, PML4 entry 256 and entry 0 below
 * it is the chapter's higher half, 0xffff800000000000.
 *
 * Hint: the PT index starts at bit 12, above the offset, and each level
 * up adds 9 bits: 12, 21, 30, 39. That makes a 48-bit address; bits 63 to
 * 48 must then be copies of bit 47, or the address is not canonical.
 *
 * Book: book/05-long-mode.md, "The address, cut into pieces".
 * Check: make ex EX=05.1
 */
#include <stdint.h>

/* The canonical virtual address of the 4 KiB page found through PML4
 * entry `pml4`, PDPT entry `pdpt`, PD entry `pd` and PT entry `pt` (each
 * 0 to 511), offset 0. */
uint64_t virtual_address(unsigned pml4, unsigned pdpt, unsigned pd, unsigned pt)
{
    (void)pml4;
    (void)pdpt;
    (void)pd;
    (void)pt;
    return 0; /* your code here */
}
