/*
 * Exercise 09.3 (hard): predict a page fault.
 *
 * Chapter 09's guest reads and writes 0x40000000, which no page-table
 * entry maps, and gets error codes 0 and 2. Work out the general case the
 * way the CPU does: given the entry that maps a page (its PTE_P, PTE_RW,
 * PTE_US and PTE_NX bits, already combined over the levels of the walk)
 * and an access, say whether the access faults and with which error code.
 * Assume long mode with EFER.NXE = 1, and no SMEP, SMAP or protection
 * keys.
 *
 * Hint: a missing page (P = 0) always faults; the error code then has
 * bit 0 clear. A present page faults when the access breaks its rights: a
 * user-mode access (CPL 3) to a page without US; a write to a page without
 * RW, except in kernel mode while CR0.WP is 0; an instruction fetch from a
 * page with NX. Then bit 0 is set. Bits 1 (write), 2 (user) and 4 (fetch)
 * describe the access, never the page: they are the same in both cases.
 * Chapter 05's exercise 3 shows CR0.WP at work.
 *
 * Book: book/09-exceptions.md, "Page-fault error codes".
 * Check: make ex EX=09.3
 */
#include <stdbool.h>
#include <stdint.h>

#include "paging.h" /* PTE_P, PTE_RW, PTE_US, PTE_NX */

enum access { ACCESS_READ, ACCESS_WRITE, ACCESS_FETCH };

/* The error code the CPU pushes for this access to a page mapped by
 * `entry`, at CPL 3 if `user` (else CPL 0), with CR0.WP = `cr0_wp`; or -1
 * if the access does not fault. */
int predict_page_fault(uint64_t entry, enum access access, bool user,
                       bool cr0_wp)
{
    (void)entry;
    (void)access;
    (void)user;
    (void)cr0_wp;
    return -1; /* your code here */
}
