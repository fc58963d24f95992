/*
 * paging.h - 4-level page tables (x86-64 long mode): building them in guest
 * memory, and walking them the way the CPU does.
 *
 * A 48-bit virtual address is cut into four 9-bit table indexes and a
 * 12-bit offset (Intel SDM Vol. 3A, 4.5 "4-Level Paging"):
 *
 *   47      39 38      30 29      21 20      12 11         0
 *  +----------+----------+----------+----------+------------+
 *  | PML4     | PDPT     | PD       | PT       | offset     |
 *  +----------+----------+----------+----------+------------+
 *
 * CR3 holds the physical address of the PML4. Each entry holds the physical
 * address of the next table, or, with PS set in a PD entry, of a 2 MiB page.
 *
 * Introduced in chapter 05.
 */
#ifndef KVM101_PAGING_H
#define KVM101_PAGING_H

#include <stdint.h>

#include "dump.h"
#include "vcpu.h"
#include "vm.h"

// ANCHOR: entry_bits
#define PTE_P (1ull << 0)   /* present */
#define PTE_RW (1ull << 1)  /* writable */
#define PTE_US (1ull << 2)  /* user mode (CPL 3) may access */
#define PTE_PWT (1ull << 3) /* write-through */
#define PTE_PCD (1ull << 4) /* cache disable */
#define PTE_A (1ull << 5)   /* accessed: set by the CPU */
#define PTE_D (1ull << 6)   /* dirty: set by the CPU on a write */
#define PTE_PS (1ull << 7)  /* in a PDPT or PD entry: maps a large page */
#define PTE_G (1ull << 8)   /* global: survives a CR3 reload */
#define PTE_NX (1ull << 63) /* no execute (needs EFER.NXE) */
#define PTE_ADDRESS 0x000ffffffffff000ull /* bits 12-51: the address */
// ANCHOR_END: entry_bits

#define PAGE_4K 0x1000ull
#define PAGE_2M 0x200000ull

/* The entry bits by name, for dump_flags() (common/dump.h); give it
 * entry & ~PTE_ADDRESS, or the address shows as unnamed bits. */
extern const struct flag_name x86_pte_flags[];

/* Names for the levels, 4 (PML4) down to 1 (PT). */
const char *x86_paging_level_name(int level);

/* The index into the level's table for a virtual address. */
unsigned x86_page_index(uint64_t virtual_address, int level);

/* Bits 63-48 must repeat bit 47: the CPU faults on other addresses. */
int x86_is_canonical(uint64_t virtual_address);

/* Page tables being built in guest memory. Tables are taken, zeroed, from
 * an area of guest memory the caller sets aside. */
struct page_tables {
    struct vm *vm;
    uint64_t root;      /* guest-physical address of the PML4: for CR3 */
    uint64_t next_free; /* the next unused page of the area */
    uint64_t area_end;
};

/* Set aside [area, area + size) for tables and make an empty PML4 there.
 * Returns 0, or -1 with errno (EFAULT: the area is not guest memory). */
int page_tables_init(struct page_tables *tables, struct vm *vm, uint64_t area,
                     uint64_t size);

/* Map one page of page_size (PAGE_4K or PAGE_2M) at virtual_address to
 * physical_address with `flags` (PTE_RW, PTE_US, ...; PTE_P is added).
 * Returns 0, or -1 with errno: EINVAL (not aligned, not canonical, or a
 * size we do not build), EEXIST (already mapped), ENOSPC (no room left for
 * another table). */
int page_tables_map(struct page_tables *tables, uint64_t virtual_address,
                    uint64_t physical_address, uint64_t page_size,
                    uint64_t flags);

/* One step of a walk: which entry of which table was read. */
struct walk_step {
    int level;
    unsigned index;
    uint64_t entry_address; /* guest-physical */
    uint64_t entry;
};

struct page_walk {
    int steps;                 /* how many entries were read */
    struct walk_step step[4];
    uint64_t physical_address; /* the translation, when it succeeded */
    uint64_t page_size;
};

/* Translate virtual_address through the tables at cr3, as the CPU does.
 * Returns 0, or -1 with errno: EINVAL (not canonical), ENOENT (an entry on
 * the way is not present: the last step says which), EFAULT (a table lies
 * outside guest memory). */
int x86_page_walk(const struct vm *vm, uint64_t cr3, uint64_t virtual_address,
                  struct page_walk *walk);

#endif
