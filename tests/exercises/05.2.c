/*
 * The test of exercise 05.2, map a page by hand: walks the tables
 * map_page() wrote in plain host memory, then lets it map the chapter 05
 * guest's higher-half page and runs the guest.
 */
#include <errno.h>
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

int map_page(struct vm *vm, uint64_t cr3, const uint64_t tables[3],
             uint64_t virtual_address, uint64_t physical_address);

GUEST_EMBEDDED(guest_05_long_mode);

#define MEMORY_SIZE 0x40000 /* 256 KiB of plain memory: no KVM */
#define CR3         0x10000
#define HIGHER_HALF 0xffff800000000000ull
/* PML4 256, PDPT 0, PD 1, PT 3 */
#define ADDRESS 0xffff800000203000ull

static const uint64_t tables[3] = {0x11000, 0x12000, 0x13000};
static uint8_t *memory;
static struct vm vm;

/* Guest memory that is host memory, a zeroed PML4 at CR3, and the page
 * mapped at ADDRESS onto 0x9000 by the learner. */
static void map_address(void)
{
    memory = calloc(1, MEMORY_SIZE);
    vm = (struct vm){.fd = -1, .slot_count = 1};
    vm.slots[0] = (struct vm_slot){.size = MEMORY_SIZE, .host = memory};
    ck_assert_msg(map_page(&vm, CR3, tables, ADDRESS, 0x9000) == 0,
                  "map_page returned -1");
}

static void walk_or_explain(uint64_t address, struct page_walk *walk)
{
    int status = x86_page_walk(&vm, CR3, address, walk);
    const struct walk_step *last = &walk->step[walk->steps - 1];

    if (status == 0)
        return;
    ck_assert_int_gt(walk->steps, 0); /* the PML4 is in memory */
    if (errno == EFAULT)
        ck_abort_msg("the %s entry %u of 0x%llx leads to 0x%llx, outside "
                     "guest memory",
                     x86_paging_level_name(last->level), last->index,
                     (unsigned long long)address,
                     (unsigned long long)(last->entry & PTE_ADDRESS));
    ck_abort_msg("the walk of 0x%llx stops at the %s entry %u, at 0x%llx: "
                 "0x%016llx, not present",
                 (unsigned long long)address,
                 x86_paging_level_name(last->level), last->index,
                 (unsigned long long)last->entry_address,
                 (unsigned long long)last->entry);
}

START_TEST(the_walk_finds_your_page)
{
    struct page_walk walk;

    map_address();
    walk_or_explain(ADDRESS + 0x123, &walk);
    ck_assert_msg(walk.page_size == PAGE_4K,
                  "the walk finds a page of %#llx bytes, not 4 KiB: is "
                  "PTE_PS set in the %s entry?",
                  (unsigned long long)walk.page_size,
                  x86_paging_level_name(walk.step[walk.steps - 1].level));
    ck_assert_msg(walk.physical_address == 0x9123,
                  "0x%llx leads to 0x%llx, not 0x9123", ADDRESS + 0x123,
                  (unsigned long long)walk.physical_address);
    free(memory);
}
END_TEST

START_TEST(each_entry_is_where_the_cpu_looks_and_leads_on)
{
    /* Entry address: the table + 8 * index; contents: the next one. */
    static const uint64_t at[4] = {CR3 + 8 * 256, 0x11000 + 8 * 0,
                                   0x12000 + 8 * 1, 0x13000 + 8 * 3};
    static const uint64_t to[4] = {0x11000, 0x12000, 0x13000, 0x9000};
    struct page_walk walk;

    map_address();
    walk_or_explain(ADDRESS, &walk);
    ck_assert_msg(walk.steps == 4,
                  "the walk reads %d entries, not 4: its %s entry has PS",
                  walk.steps,
                  x86_paging_level_name(walk.step[walk.steps - 1].level));
    for (int i = 0; i < 4; i++) {
        ck_assert_msg(walk.step[i].entry_address == at[i],
                      "the %s entry is read at 0x%llx, not 0x%llx",
                      x86_paging_level_name(4 - i),
                      (unsigned long long)walk.step[i].entry_address,
                      (unsigned long long)at[i]);
        ck_assert_msg((walk.step[i].entry & PTE_ADDRESS) == to[i],
                      "the %s entry leads to 0x%llx, not 0x%llx",
                      x86_paging_level_name(4 - i),
                      (unsigned long long)(walk.step[i].entry & PTE_ADDRESS),
                      (unsigned long long)to[i]);
    }
    free(memory);
}
END_TEST

START_TEST(every_entry_is_present_and_writable_and_none_large)
{
    struct page_walk walk;
    char flags[64];

    map_address();
    walk_or_explain(ADDRESS, &walk);
    for (int i = 0; i < walk.steps; i++) {
        uint64_t entry = walk.step[i].entry;

        ck_assert_msg((entry & (PTE_P | PTE_RW | PTE_PS)) == (PTE_P | PTE_RW),
                      "the %s entry has flags [%s]; it needs P and RW, and "
                      "PS only if it maps a large page",
                      x86_paging_level_name(walk.step[i].level),
                      dump_flags(flags, sizeof(flags), entry & ~PTE_ADDRESS,
                                 x86_pte_flags));
    }
    free(memory);
}
END_TEST

START_TEST(only_your_four_entries_are_written)
{
    /* Where the CPU looks for the four entries of ADDRESS. */
    static const uint64_t at[4] = {CR3 + 8 * 256, 0x11000, 0x12008, 0x13018};

    map_address();
    /* Clear the four entries: what is left must be zeros. */
    for (int i = 0; i < 4; i++)
        memset(memory + at[i], 0, 8);
    for (size_t i = 0; i < MEMORY_SIZE; i++)
        ck_assert_msg(memory[i] == 0,
                      "map_page wrote to byte 0x%zx, which is none of the "
                      "four entries the CPU reads for 0x%llx",
                      i, ADDRESS);
    free(memory);
}
END_TEST

START_TEST(a_table_outside_guest_memory_gives_minus_1)
{
    const uint64_t outside[3] = {0x11000, 0x12000, 0x100000};
    uint8_t *area = calloc(1, MEMORY_SIZE);
    struct vm small = {.fd = -1, .slot_count = 1};

    small.slots[0] = (struct vm_slot){.size = MEMORY_SIZE, .host = area};
    ck_assert_msg(map_page(&small, CR3, outside, ADDRESS, 0x9000) == -1,
                  "the PT at 0x100000 is outside the 256 KiB of guest "
                  "memory, but map_page did not return -1");
    free(area);
}
END_TEST

START_TEST(the_chapter_guest_writes_through_your_page)
{
    static uint64_t entries[3];
    const struct gdt gdt = {0x800, entries, 3};
    struct guest_image image = GUEST_IMAGE(guest_05_long_mode);
    const char *failed_step = NULL;
    struct page_tables tables;
    struct cpuid_result cpuid;
    struct run_stats stats;
    struct console console;
    enum run_outcome outcome;
    uint64_t mine[3], stored, physical = 0, leaf;
    struct machine m;
    FILE *out = fopen("/dev/null", "w");

    REQUIRE_KVM();
    long_mode_gdt(entries);
    ck_assert_msg(machine_create(&m, 0x400000, &failed_step) == 0,
                  "machine_create failed at %s", failed_step);
    ck_assert_int_eq(
        cpuid_set_supported(m.kvm_fd, &m.vcpu, &cpuid, &failed_step), 0);
    ck_assert_int_eq(gdt_write(&m.vm, &gdt), 0);
    /* The identity map as in the chapter; the higher half is yours, in
     * the three pages after the chapter's tables. */
    ck_assert_int_eq(page_tables_init(&tables, &m.vm, 0x10000, 0x10000), 0);
    for (uint64_t address = 0; address < 0x400000; address += PAGE_2M)
        ck_assert_int_eq(
            page_tables_map(&tables, address, address, PAGE_2M, PTE_RW), 0);
    for (int i = 0; i < 3; i++)
        mine[i] = tables.next_free + i * PAGE_4K;
    ck_assert_msg(map_page(&m.vm, tables.root, mine, HIGHER_HALF, 0x9000) == 0,
                  "map_page returned -1");
    ck_assert_int_eq(guest_load_flat(&m.vm, 0x1000, &image), 0);
    ck_assert_int_eq(long_mode_enter(&m.vcpu, &gdt, 0x08, 0x10, tables.root,
                                     0x1000, 0x80000),
                     0);
    console_init(&console, out);
    outcome = run_until_halt(&m.vcpu, &console, 5.0, &stats);
    fclose(out);
    ck_assert_msg(
        outcome == RUN_HALTED,
        "the guest did not reach its hlt (%s at rip 0x%llx, cr2 "
        "0x%llx): its write to 0x%llx found no page",
        outcome == RUN_UNHANDLED_EXIT ? exit_name(m.vcpu.run->exit_reason)
                                      : "no exit",
        m.vcpu.run->s.regs.regs.rip, m.vcpu.run->s.regs.sregs.cr2, HIGHER_HALF);
    memcpy(&stored, m.memory + 0x9000, sizeof(stored));
    ck_assert_uint_eq(stored, 2432902008176640000ull); /* 20! */
    ck_assert_int_eq(vcpu_translate(&m.vcpu, HIGHER_HALF + 0x10, &physical), 0);
    ck_assert_uint_eq(physical, 0x9010);
    /* The CPU used your PT entry: it marked it accessed and dirty. */
    memcpy(&leaf, m.memory + mine[2], sizeof(leaf));
    ck_assert_msg((leaf & (PTE_A | PTE_D)) == (PTE_A | PTE_D),
                  "your PT entry 0 is 0x%016llx, without A and D",
                  (unsigned long long)leaf);
    machine_destroy(&m);
}
END_TEST

Suite *test_suite(void)
{
    Suite *suite = suite_create("exercise 05.2");

    exercise_check(suite, "the walk finds your 4 KiB page",
                   the_walk_finds_your_page);
    exercise_check(suite, "each entry is where the CPU looks, and leads on",
                   each_entry_is_where_the_cpu_looks_and_leads_on);
    exercise_check(suite, "every entry is present and writable, none large",
                   every_entry_is_present_and_writable_and_none_large);
    exercise_check(suite, "only your four entries are written",
                   only_your_four_entries_are_written);
    exercise_check(suite, "a table outside guest memory gives -1",
                   a_table_outside_guest_memory_gives_minus_1);
    exercise_check(suite, "the chapter 05 guest writes through your page",
                   the_chapter_guest_writes_through_your_page);
    return suite;
}
