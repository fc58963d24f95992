/*
 * The test of exercise 05.1, the address behind four indexes: checks
 * virtual_address() on addresses worked out by hand, then maps pages at
 * the learner's addresses, runs the chapter 05 guest, and asks KVM to
 * translate.
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

uint64_t virtual_address(unsigned pml4, unsigned pdpt, unsigned pd,
                         unsigned pt);

GUEST_EMBEDDED(guest_05_long_mode);

static void expect(unsigned pml4, unsigned pdpt, unsigned pd, unsigned pt,
                   uint64_t wanted)
{
    uint64_t yours = virtual_address(pml4, pdpt, pd, pt);

    ck_assert_msg(yours == wanted,
                  "(%u, %u, %u, %u) gives 0x%016llx, not 0x%016llx", pml4, pdpt,
                  pd, pt, (unsigned long long)yours,
                  (unsigned long long)wanted);
}

START_TEST(one_step_at_each_level)
{
    expect(0, 0, 0, 0, 0);
    expect(0, 0, 0, 1, 0x1000);          /* 4 KiB: one PT entry */
    expect(0, 0, 1, 0, 0x200000);        /* 2 MiB: one PD entry */
    expect(0, 1, 0, 0, 0x40000000);      /* 1 GiB: one PDPT entry */
    expect(1, 0, 0, 0, 0x8000000000ull); /* 512 GiB: one PML4 entry */
    expect(0, 0, 2, 3, 0x403000);
}
END_TEST

START_TEST(the_top_of_the_lower_half)
{
    expect(255, 511, 511, 511, 0x00007ffffffff000ull);
}
END_TEST

START_TEST(the_higher_half_repeats_bit_47)
{
    expect(256, 0, 0, 0, 0xffff800000000000ull);   /* the chapter's */
    expect(511, 510, 0, 0, 0xffffffff80000000ull); /* Linux's kernel */
    expect(511, 511, 511, 511, 0xfffffffffffff000ull);
}
END_TEST

START_TEST(your_addresses_split_back_into_their_indexes)
{
    srand(5);
    for (int i = 0; i < 1000; i++) {
        unsigned index[5] = {0, (unsigned)rand() % 512, (unsigned)rand() % 512,
                             (unsigned)rand() % 512, (unsigned)rand() % 512};
        uint64_t va = virtual_address(index[4], index[3], index[2], index[1]);

        ck_assert_msg(x86_is_canonical(va),
                      "(%u, %u, %u, %u) gives 0x%llx: not canonical", index[4],
                      index[3], index[2], index[1], (unsigned long long)va);
        ck_assert_msg((va & 0xfff) == 0, "0x%llx has an offset",
                      (unsigned long long)va);
        for (int level = 1; level <= 4; level++)
            ck_assert_msg(x86_page_index(va, level) == index[level],
                          "0x%llx has %s index %u, not %u",
                          (unsigned long long)va, x86_paging_level_name(level),
                          x86_page_index(va, level), index[level]);
    }
}
END_TEST

/* Map the 4 KiB page at the learner's address for these indexes onto
 * `physical`. */
static void map(struct page_tables *tables, unsigned pml4, unsigned pdpt,
                unsigned pd, unsigned pt, uint64_t physical)
{
    uint64_t va = virtual_address(pml4, pdpt, pd, pt);

    ck_assert_msg(page_tables_map(tables, va, physical, PAGE_4K, PTE_RW) == 0,
                  "page_tables_map refuses 0x%llx, your address for (%u, %u, "
                  "%u, %u): not canonical, or not 4 KiB aligned",
                  (unsigned long long)va, pml4, pdpt, pd, pt);
}

/* The chapter 05 machine, with the higher-half page (0x9000) mapped at
 * the learner's address for PML4 entry 256 and, if `more`, two more
 * pages: 0xa000 at (511, 510, 0, 0) and 0xb000 at (1, 2, 3, 4). Runs the
 * chapter's guest and returns what it printed. */
static char *run_chapter_guest(struct machine *m, int more)
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
    char *output = NULL;
    size_t size = 0;
    FILE *out;

    long_mode_gdt(entries);
    ck_assert_msg(machine_create(m, 0x400000, &failed_step) == 0,
                  "machine_create failed at %s", failed_step);
    ck_assert_int_eq(
        cpuid_set_supported(m->kvm_fd, &m->vcpu, &cpuid, &failed_step), 0);
    ck_assert_int_eq(gdt_write(&m->vm, &gdt), 0);
    ck_assert_int_eq(page_tables_init(&tables, &m->vm, 0x10000, 0x10000), 0);
    for (uint64_t address = 0; address < 0x400000; address += PAGE_2M)
        ck_assert_int_eq(
            page_tables_map(&tables, address, address, PAGE_2M, PTE_RW), 0);
    map(&tables, 256, 0, 0, 0, 0x9000);
    if (more) {
        map(&tables, 511, 510, 0, 0, 0xa000);
        map(&tables, 1, 2, 3, 4, 0xb000);
    }
    ck_assert_int_eq(guest_load_flat(&m->vm, 0x1000, &image), 0);
    ck_assert_int_eq(long_mode_enter(&m->vcpu, &gdt, 0x08, 0x10, tables.root,
                                     0x1000, 0x80000),
                     0);
    out = open_memstream(&output, &size);
    console_init(&console, out);
    outcome = run_until_halt(&m->vcpu, &console, 5.0, &stats);
    fclose(out);
    ck_assert_msg(outcome == RUN_HALTED,
                  "the guest did not reach its hlt (%s at rip 0x%llx): its "
                  "write to 0xffff800000000000 found no page",
                  outcome == RUN_UNHANDLED_EXIT
                      ? exit_name(m->vcpu.run->exit_reason)
                      : "no exit",
                  m->vcpu.run->s.regs.regs.rip);
    return output;
}

START_TEST(the_chapter_guest_writes_through_your_higher_half)
{
    struct machine m;
    uint64_t stored;
    char *output;

    REQUIRE_KVM();
    output = run_chapter_guest(&m, 0);
    ck_assert_msg(strstr(output, "are the same memory") != NULL,
                  "the guest printed:\n%s", output);
    memcpy(&stored, m.memory + 0x9000, sizeof(stored));
    ck_assert_uint_eq(stored, 2432902008176640000ull); /* 20! */
    free(output);
    machine_destroy(&m);
}
END_TEST

START_TEST(kvm_translate_finds_your_pages)
{
    static const struct {
        uint64_t virtual_address, physical_address;
    } pages[] = {
        {0xffff800000000010ull, 0x9010},
        {0xffffffff80000123ull, 0xa123},
        {0x0000008080604567ull, 0xb567},
    };
    struct machine m;

    REQUIRE_KVM();
    free(run_chapter_guest(&m, 1));
    for (size_t i = 0; i < sizeof(pages) / sizeof(pages[0]); i++) {
        uint64_t physical = 0;
        int status =
            vcpu_translate(&m.vcpu, pages[i].virtual_address, &physical);

        ck_assert_msg(status == 0 && physical == pages[i].physical_address,
                      "KVM_TRANSLATE 0x%llx: %s 0x%llx, not 0x%llx",
                      (unsigned long long)pages[i].virtual_address,
                      status == 0 ? "gives" : "not mapped;",
                      (unsigned long long)physical,
                      (unsigned long long)pages[i].physical_address);
    }
    machine_destroy(&m);
}
END_TEST

Suite *test_suite(void)
{
    Suite *suite = suite_create("exercise 05.1");

    exercise_check(suite, "one step at each level", one_step_at_each_level);
    exercise_check(suite, "the top of the lower half",
                   the_top_of_the_lower_half);
    exercise_check(suite, "the higher half repeats bit 47 in bits 63-48",
                   the_higher_half_repeats_bit_47);
    exercise_check(suite, "your addresses split back into their indexes",
                   your_addresses_split_back_into_their_indexes);
    exercise_check(suite, "the chapter 05 guest writes through your address",
                   the_chapter_guest_writes_through_your_higher_half);
    exercise_check(suite, "KVM_TRANSLATE finds the pages at your addresses",
                   kvm_translate_finds_your_pages);
    return suite;
}
