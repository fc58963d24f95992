/*
 * Unit tests for common/paging.c: the page-table builder and the page walk,
 * on guest memory that is plain host memory (no KVM). The expected entries
 * were worked out by hand from the SDM's 4-level paging layout.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "paging.h"

#define MEMORY_SIZE 0x40000 /* 256 KiB is enough for tables and pages */
#define TABLES 0x10000

static uint8_t *memory;
static struct vm vm;
static struct page_tables tables;

static void set_up(void)
{
    memory = calloc(1, MEMORY_SIZE);
    vm = (struct vm){.fd = -1, .slot_count = 1};
    vm.slots[0] = (struct vm_slot){0, MEMORY_SIZE, memory, 0};
    ck_assert_int_eq(page_tables_init(&tables, &vm, TABLES, 0x10000), 0);
}

static void tear_down(void)
{
    free(memory);
}

static uint64_t entry_at(uint64_t address)
{
    uint64_t entry;

    memcpy(&entry, memory + address, sizeof(entry));
    return entry;
}

START_TEST(indexes_of_a_higher_half_address)
{
    /* 0xffff8000_0020_3000: PML4 256, PDPT 0, PD 1, PT 3. */
    uint64_t va = 0xffff800000203000ull;

    ck_assert_uint_eq(x86_page_index(va, 4), 256);
    ck_assert_uint_eq(x86_page_index(va, 3), 0);
    ck_assert_uint_eq(x86_page_index(va, 2), 1);
    ck_assert_uint_eq(x86_page_index(va, 1), 3);
}
END_TEST

START_TEST(canonical_addresses)
{
    ck_assert(x86_is_canonical(0x00007fffffffffffull));
    ck_assert(x86_is_canonical(0xffff800000000000ull));
    ck_assert(!x86_is_canonical(0x0000800000000000ull));
    ck_assert(!x86_is_canonical(0xfff0000000000000ull));
}
END_TEST

START_TEST(a_2m_identity_page_is_one_pd_entry_with_ps)
{
    ck_assert_int_eq(page_tables_map(&tables, 0x200000, 0x200000, PAGE_2M,
                                     PTE_RW),
                     0);
    /* PML4 at 0x10000, PDPT at 0x11000, PD at 0x12000: index 0, 0, 1.
     * Upper entries: next table | P RW US (0x7). Leaf: address | P RW PS
     * (0x83). */
    ck_assert_uint_eq(tables.root, 0x10000);
    ck_assert_uint_eq(entry_at(0x10000), 0x11007);
    ck_assert_uint_eq(entry_at(0x11000), 0x12007);
    ck_assert_uint_eq(entry_at(0x12000 + 8 * 1), 0x200083);
    ck_assert_uint_eq(tables.next_free, 0x13000);
}
END_TEST

START_TEST(a_4k_higher_half_page_takes_four_levels)
{
    ck_assert_int_eq(page_tables_map(&tables, 0xffff800000000000ull, 0x9000,
                                     PAGE_4K, PTE_RW),
                     0);
    ck_assert_uint_eq(entry_at(0x10000 + 8 * 256), 0x11007);
    ck_assert_uint_eq(entry_at(0x11000), 0x12007);
    ck_assert_uint_eq(entry_at(0x12000), 0x13007);
    ck_assert_uint_eq(entry_at(0x13000), 0x9003);
}
END_TEST

START_TEST(tables_are_shared_between_neighbouring_mappings)
{
    ck_assert_int_eq(page_tables_map(&tables, 0x1000, 0x1000, PAGE_4K, 0), 0);
    ck_assert_int_eq(page_tables_map(&tables, 0x2000, 0x5000, PAGE_4K, 0), 0);
    /* One PML4, PDPT, PD and PT in all. */
    ck_assert_uint_eq(tables.next_free, 0x14000);
    ck_assert_uint_eq(entry_at(0x13000 + 8 * 2), 0x5001); /* read-only */
}
END_TEST

START_TEST(walk_reports_every_level_of_a_4k_page)
{
    struct page_walk walk;

    page_tables_map(&tables, 0xffff800000000000ull, 0x9000, PAGE_4K, PTE_RW);
    ck_assert_int_eq(x86_page_walk(&vm, tables.root, 0xffff800000000123ull,
                                   &walk),
                     0);
    ck_assert_int_eq(walk.steps, 4);
    ck_assert_int_eq(walk.step[0].level, 4);
    ck_assert_uint_eq(walk.step[0].index, 256);
    ck_assert_uint_eq(walk.step[0].entry_address, 0x10800);
    ck_assert_uint_eq(walk.step[3].level, 1);
    ck_assert_uint_eq(walk.step[3].entry, 0x9003);
    ck_assert_uint_eq(walk.physical_address, 0x9123);
    ck_assert_uint_eq(walk.page_size, PAGE_4K);
}
END_TEST

START_TEST(walk_stops_at_a_2m_page_and_keeps_the_offset)
{
    struct page_walk walk;

    page_tables_map(&tables, 0x200000, 0x200000, PAGE_2M, PTE_RW);
    ck_assert_int_eq(x86_page_walk(&vm, tables.root, 0x2abcde, &walk), 0);
    ck_assert_int_eq(walk.steps, 3);
    ck_assert_uint_eq(walk.physical_address, 0x2abcde);
    ck_assert_uint_eq(walk.page_size, PAGE_2M);
}
END_TEST

START_TEST(walk_of_an_unmapped_address_names_the_missing_level)
{
    struct page_walk walk;

    page_tables_map(&tables, 0x200000, 0x200000, PAGE_2M, PTE_RW);
    /* Same PDPT and PD, but PD entry 2 is empty. */
    ck_assert_int_eq(x86_page_walk(&vm, tables.root, 0x400000, &walk), -1);
    ck_assert_int_eq(errno, ENOENT);
    ck_assert_int_eq(walk.steps, 3);
    ck_assert_int_eq(walk.step[2].level, 2);
    ck_assert_uint_eq(walk.step[2].entry, 0);
    /* Nothing at all in the higher half: the PML4 entry is missing. */
    ck_assert_int_eq(
        x86_page_walk(&vm, tables.root, 0xffff800000000000ull, &walk), -1);
    ck_assert_int_eq(walk.steps, 1);
}
END_TEST

START_TEST(walk_refuses_non_canonical_and_tables_outside_memory)
{
    struct page_walk walk;

    ck_assert_int_eq(x86_page_walk(&vm, tables.root, 0x0000800000000000ull,
                                   &walk),
                     -1);
    ck_assert_int_eq(errno, EINVAL);
    /* CR3 pointing past the end of guest memory. */
    ck_assert_int_eq(x86_page_walk(&vm, 0x100000, 0x1000, &walk), -1);
    ck_assert_int_eq(errno, EFAULT);
}
END_TEST

START_TEST(map_refuses_bad_requests)
{
    /* Misaligned, an unsupported size, non-canonical, a double mapping. */
    ck_assert_int_eq(page_tables_map(&tables, 0x1001, 0x1000, PAGE_4K, 0), -1);
    ck_assert_int_eq(errno, EINVAL);
    ck_assert_int_eq(page_tables_map(&tables, 0x200000, 0x201000, PAGE_2M, 0),
                     -1);
    ck_assert_int_eq(errno, EINVAL);
    ck_assert_int_eq(page_tables_map(&tables, 0, 0, 0x40000000, 0), -1);
    ck_assert_int_eq(errno, EINVAL);
    ck_assert_int_eq(page_tables_map(&tables, 0x0000800000000000ull, 0,
                                     PAGE_4K, 0),
                     -1);
    ck_assert_int_eq(errno, EINVAL);
    ck_assert_int_eq(page_tables_map(&tables, 0x200000, 0x200000, PAGE_2M, 0),
                     0);
    ck_assert_int_eq(page_tables_map(&tables, 0x200000, 0x200000, PAGE_2M, 0),
                     -1);
    ck_assert_int_eq(errno, EEXIST);
    /* A 4 KiB page inside the 2 MiB page already mapped. */
    ck_assert_int_eq(page_tables_map(&tables, 0x201000, 0x1000, PAGE_4K, 0),
                     -1);
    ck_assert_int_eq(errno, EEXIST);
}
END_TEST

START_TEST(map_says_when_the_table_area_is_full)
{
    struct page_tables small;

    /* Room for the PML4 and two more tables: a 4 KiB mapping needs three. */
    ck_assert_int_eq(page_tables_init(&small, &vm, 0x20000, 3 * PAGE_4K), 0);
    ck_assert_int_eq(page_tables_map(&small, 0x1000, 0x1000, PAGE_4K, 0), -1);
    ck_assert_int_eq(errno, ENOSPC);
}
END_TEST

Suite *test_suite(void)
{
    Suite *suite = suite_create("unit/paging");
    TCase *tc = tcase_create("paging");

    tcase_add_checked_fixture(tc, set_up, tear_down);
    tcase_add_test(tc, indexes_of_a_higher_half_address);
    tcase_add_test(tc, canonical_addresses);
    tcase_add_test(tc, a_2m_identity_page_is_one_pd_entry_with_ps);
    tcase_add_test(tc, a_4k_higher_half_page_takes_four_levels);
    tcase_add_test(tc, tables_are_shared_between_neighbouring_mappings);
    tcase_add_test(tc, walk_reports_every_level_of_a_4k_page);
    tcase_add_test(tc, walk_stops_at_a_2m_page_and_keeps_the_offset);
    tcase_add_test(tc, walk_of_an_unmapped_address_names_the_missing_level);
    tcase_add_test(tc, walk_refuses_non_canonical_and_tables_outside_memory);
    tcase_add_test(tc, map_refuses_bad_requests);
    tcase_add_test(tc, map_says_when_the_table_area_is_full);
    suite_add_tcase(suite, tc);
    return suite;
}
