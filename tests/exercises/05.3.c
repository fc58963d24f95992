/*
 * The test of exercise 05.3, split a 2 MiB page: compares every
 * translation before and after split_2m_page() in plain host memory,
 * then splits the 2 MiB page that holds the chapter 05 guest's code,
 * stack and shared page, and runs the guest on the new table.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpuid.h"
#include "exits.h"
#include "guest.h"
#include "harness.h"
#include "long_mode.h"
#include "machine.h"
#include "paging.h"
#include "run.h"
#include "segment.h"

int split_2m_page(struct vm *vm, uint64_t cr3, uint64_t virtual_address,
                  uint64_t new_table);

GUEST_EMBEDDED(guest_05_long_mode);

#define MEMORY_SIZE 0x40000       /* 256 KiB of plain memory: no KVM */
#define IDENTITY    0x0ull        /* 2 MiB at 0, writable */
#define USER        0x40000000ull /* 2 MiB at 0x200000, user, read-only */
#define DEVICE      0xffff800000000000ull /* at 0x600000, NX, uncached */
#define SMALL       0x80000000ull         /* one 4 KiB page */
#define NEW_TABLE   0x20000

static uint8_t *memory;
static struct vm vm;
static struct page_tables tables;

/* Tables in plain memory: three 2 MiB pages and a 4 KiB one. */
static void set_up(void)
{
    memory = calloc(1, MEMORY_SIZE);
    vm = (struct vm){.fd = -1, .slot_count = 1};
    vm.slots[0] = (struct vm_slot){.size = MEMORY_SIZE, .host = memory};
    ck_assert_int_eq(page_tables_init(&tables, &vm, 0x10000, 0x10000), 0);
    ck_assert_int_eq(page_tables_map(&tables, IDENTITY, 0, PAGE_2M, PTE_RW), 0);
    ck_assert_int_eq(page_tables_map(&tables, USER, 0x200000, PAGE_2M, PTE_US),
                     0);
    ck_assert_int_eq(page_tables_map(&tables, DEVICE, 0x600000, PAGE_2M,
                                     PTE_RW | PTE_NX | PTE_PCD),
                     0);
    ck_assert_int_eq(page_tables_map(&tables, SMALL, 0x9000, PAGE_4K, PTE_RW),
                     0);
    /* The new table is not zeroed: every entry must be written. */
    memset(memory + NEW_TABLE, 0xff, PAGE_4K);
}

static void tear_down(void)
{
    free(memory);
}

/* What the CPU makes of the walk: the permissions of every level
 * combined (RW and US must be in all, NX in any), and the leaf's caching
 * bits. */
static uint64_t effective(const struct page_walk *walk)
{
    uint64_t all = PTE_P | PTE_RW | PTE_US, any = 0;
    uint64_t leaf = walk->step[walk->steps - 1].entry;

    for (int i = 0; i < walk->steps; i++) {
        all &= walk->step[i].entry;
        any |= walk->step[i].entry & PTE_NX;
    }
    return all | any | (leaf & (PTE_PWT | PTE_PCD | PTE_G));
}

static void split_or_explain(uint64_t address)
{
    ck_assert_msg(split_2m_page(&vm, tables.root, address, NEW_TABLE) == 0,
                  "split_2m_page(0x%llx) returned -1, but a 2 MiB page "
                  "maps it",
                  (unsigned long long)address);
}

/* Split the page at `base` and compare each of its 512 pages. */
static void check_split(uint64_t base)
{
    struct page_walk before[512], after;
    char flags[64];

    for (int i = 0; i < 512; i++)
        ck_assert_int_eq(x86_page_walk(&vm, tables.root,
                                       base + i * PAGE_4K + 0x123, &before[i]),
                         0);
    split_or_explain(base + 0x1234);
    for (int i = 0; i < 512; i++) {
        uint64_t address = base + i * PAGE_4K + 0x123;

        ck_assert_msg(x86_page_walk(&vm, tables.root, address, &after) == 0,
                      "after the split, 0x%llx is not mapped",
                      (unsigned long long)address);
        ck_assert_msg(after.page_size == PAGE_4K,
                      "after the split, 0x%llx is still in a large page: "
                      "the PD entry is 0x%016llx",
                      (unsigned long long)address,
                      (unsigned long long)after.step[2].entry);
        ck_assert_msg(after.physical_address == before[i].physical_address,
                      "0x%llx led to 0x%llx, and now leads to 0x%llx",
                      (unsigned long long)address,
                      (unsigned long long)before[i].physical_address,
                      (unsigned long long)after.physical_address);
        ck_assert_msg(effective(&after) == effective(&before[i]),
                      "0x%llx was [%s], and is now [%s]",
                      (unsigned long long)address,
                      dump_flags(flags, sizeof(flags), effective(&before[i]),
                                 x86_pte_flags),
                      dump_flags(flags + 32, sizeof(flags) - 32,
                                 effective(&after), x86_pte_flags));
    }
}

START_TEST(every_page_of_the_identity_map_leads_where_it_did)
{
    set_up();
    check_split(IDENTITY);
    tear_down();
}
END_TEST

START_TEST(read_only_user_and_no_execute_pages_keep_their_rights)
{
    set_up();
    check_split(USER);
    check_split(DEVICE);
    tear_down();
}
END_TEST

START_TEST(the_pd_entry_leads_to_your_table)
{
    struct page_walk walk;

    set_up();
    split_or_explain(USER + 0x1000);
    ck_assert_int_eq(x86_page_walk(&vm, tables.root, USER + 0x5000, &walk), 0);
    ck_assert_msg((walk.step[2].entry & (PTE_P | PTE_PS)) == PTE_P &&
                      (walk.step[2].entry & PTE_ADDRESS) == NEW_TABLE,
                  "the PD entry is 0x%016llx, not the new table 0x%x, "
                  "present, without PS",
                  (unsigned long long)walk.step[2].entry, NEW_TABLE);
    ck_assert_uint_eq(walk.step[3].entry_address, NEW_TABLE + 8 * 5);
    tear_down();
}
END_TEST

START_TEST(no_ps_in_the_new_entries_it_is_pat_there)
{
    const uint64_t *entry;

    set_up();
    entry = (const uint64_t *)(memory + NEW_TABLE);
    split_or_explain(IDENTITY);
    for (int i = 0; i < 512; i++)
        ck_assert_msg(!(entry[i] & PTE_PS),
                      "entry %d of the new table, 0x%016llx, has bit 7: in "
                      "a PT entry that is PAT, not PS",
                      i, (unsigned long long)entry[i]);
    tear_down();
}
END_TEST

START_TEST(no_2m_page_no_split_and_nothing_changes)
{
    uint8_t *copy = malloc(MEMORY_SIZE);

    set_up();
    memcpy(copy, memory, MEMORY_SIZE);
    ck_assert_msg(split_2m_page(&vm, tables.root, SMALL, NEW_TABLE) == -1,
                  "0x%llx is a 4 KiB page, but the split did not return -1",
                  SMALL);
    ck_assert_msg(split_2m_page(&vm, tables.root, 0x12345000, NEW_TABLE) == -1,
                  "0x12345000 is not mapped, but the split did not return "
                  "-1");
    ck_assert_msg(split_2m_page(&vm, tables.root, USER, 0x100000) == -1,
                  "the new table at 0x100000 is outside the 256 KiB of "
                  "guest memory, but the split did not return -1");
    ck_assert_msg(memcmp(copy, memory, MEMORY_SIZE) == 0,
                  "a refused split changed guest memory");
    free(copy);
    tear_down();
}
END_TEST

START_TEST(the_chapter_guest_runs_on_the_split_page)
{
    static uint64_t entries[3];
    const struct gdt gdt = {0x800, entries, 3};
    struct guest_image image = GUEST_IMAGE(guest_05_long_mode);
    /* Its code, its stack and the page it reads through the identity. */
    static const uint64_t used[] = {0x1000, 0x7f000, 0x9000};
    const char *failed_step = NULL;
    struct page_tables chapter;
    struct cpuid_result cpuid;
    struct run_stats stats;
    struct console console;
    enum run_outcome outcome;
    struct page_walk walk;
    uint64_t table, stored;
    struct machine m;
    FILE *out = fopen("/dev/null", "w");

    REQUIRE_KVM();
    long_mode_gdt(entries);
    ck_assert_msg(machine_create(&m, 0x400000, &failed_step) == 0,
                  "machine_create failed at %s", failed_step);
    ck_assert_int_eq(
        cpuid_set_supported(m.kvm_fd, &m.vcpu, &cpuid, &failed_step), 0);
    ck_assert_int_eq(gdt_write(&m.vm, &gdt), 0);
    ck_assert_int_eq(page_tables_init(&chapter, &m.vm, 0x10000, 0x10000), 0);
    for (uint64_t address = 0; address < 0x400000; address += PAGE_2M)
        ck_assert_int_eq(
            page_tables_map(&chapter, address, address, PAGE_2M, PTE_RW), 0);
    ck_assert_int_eq(page_tables_map(&chapter, 0xffff800000000000ull, 0x9000,
                                     PAGE_4K, PTE_RW),
                     0);
    table = chapter.next_free;
    ck_assert_msg(split_2m_page(&m.vm, chapter.root, 0x1000, table) == 0,
                  "split_2m_page(0x1000) returned -1");
    ck_assert_int_eq(guest_load_flat(&m.vm, 0x1000, &image), 0);
    ck_assert_int_eq(long_mode_enter(&m.vcpu, &gdt, 0x08, 0x10, chapter.root,
                                     0x1000, 0x80000),
                     0);
    console_init(&console, out);
    outcome = run_until_halt(&m.vcpu, &console, 5.0, &stats);
    fclose(out);
    ck_assert_msg(outcome == RUN_HALTED,
                  "the guest did not reach its hlt (%s at rip 0x%llx, cr2 "
                  "0x%llx)",
                  outcome == RUN_UNHANDLED_EXIT
                      ? exit_name(m.vcpu.run->exit_reason)
                      : "no exit",
                  m.vcpu.run->s.regs.regs.rip, m.vcpu.run->s.regs.sregs.cr2);
    memcpy(&stored, m.memory + 0x9000, sizeof(stored));
    ck_assert_uint_eq(stored, 2432902008176640000ull); /* 20! */
    for (size_t i = 0; i < sizeof(used) / sizeof(used[0]); i++) {
        uint64_t physical = 0;

        ck_assert_int_eq(x86_page_walk(&m.vm, chapter.root, used[i], &walk), 0);
        ck_assert_msg(walk.steps == 4 && walk.step[3].entry_address ==
                                             table + 8 * (used[i] >> 12),
                      "0x%llx is not mapped by your new table",
                      (unsigned long long)used[i]);
        /* The CPU went through your entry, and marked it. */
        ck_assert_msg(walk.step[3].entry & PTE_A,
                      "the CPU did not use your entry for 0x%llx (no A bit)",
                      (unsigned long long)used[i]);
        ck_assert_int_eq(vcpu_translate(&m.vcpu, used[i] + 8, &physical), 0);
        ck_assert_uint_eq(physical, used[i] + 8);
    }
    machine_destroy(&m);
}
END_TEST

Suite *test_suite(void)
{
    Suite *suite = suite_create("exercise 05.3");

    exercise_check(suite, "every page of the identity map leads where it did",
                   every_page_of_the_identity_map_leads_where_it_did);
    exercise_check(suite,
                   "read-only, user and no-execute pages keep their rights",
                   read_only_user_and_no_execute_pages_keep_their_rights);
    exercise_check(suite, "the PD entry leads to your table",
                   the_pd_entry_leads_to_your_table);
    exercise_check(suite, "no PS in the new entries (bit 7 is PAT there)",
                   no_ps_in_the_new_entries_it_is_pat_there);
    exercise_check(suite, "no 2 MiB page: no split, and nothing changes",
                   no_2m_page_no_split_and_nothing_changes);
    exercise_check(suite, "the chapter 05 guest runs on your split page",
                   the_chapter_guest_runs_on_the_split_page);
    return suite;
}
