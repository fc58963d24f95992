/*
 * The test of exercise 04.1, find a selector's descriptor: checks
 * descriptor_address() on hand-made selectors and GDTRs, then runs the
 * chapter 04 guest and asks whether the CPU read the entry the function
 * finds, and refused the selectors it refuses.
 */
#include <stdint.h>
#include <string.h>

#include "guest.h"
#include "harness.h"
#include "machine.h"
#include "protected_mode.h"
#include "run.h"
#include "segment.h"

uint64_t descriptor_address(const struct kvm_dtable *gdtr, uint16_t selector);

GUEST_EMBEDDED(guest_04_protected_mode);

/* The chapter's GDTR: four entries at 0x800. */
static const struct kvm_dtable chapter_gdtr = {.base = 0x800, .limit = 0x1f};

START_TEST(the_chapters_selectors)
{
    ck_assert_msg(descriptor_address(&chapter_gdtr, 0x08) == 0x808,
                  "selector 0x08 gives %#llx, not 0x808",
                  (unsigned long long)descriptor_address(&chapter_gdtr, 8));
    ck_assert_uint_eq(descriptor_address(&chapter_gdtr, 0x10), 0x810);
    ck_assert_uint_eq(descriptor_address(&chapter_gdtr, 0x18), 0x818);
}
END_TEST

START_TEST(rpl_and_ti_are_not_part_of_the_offset)
{
    uint64_t rpl3 = descriptor_address(&chapter_gdtr, 0x13);

    ck_assert_msg(rpl3 == 0x810,
                  "selector 0x13 (entry 2, RPL 3) gives %#llx, not 0x810",
                  (unsigned long long)rpl3);
    ck_assert_uint_eq(descriptor_address(&chapter_gdtr, 0x19), 0x818);
    ck_assert_msg(descriptor_address(&chapter_gdtr, 0x0c) == 0,
                  "selector 0x0c has TI = 1: it names an LDT entry, not a "
                  "GDT one");
    ck_assert_uint_eq(descriptor_address(&chapter_gdtr, 0x1f), 0);
}
END_TEST

START_TEST(null_selectors_name_no_entry)
{
    for (uint16_t selector = 0; selector <= 3; selector++)
        ck_assert_msg(descriptor_address(&chapter_gdtr, selector) == 0,
                      "selector %u is a null selector (index 0, TI 0), but "
                      "gives an address",
                      selector);
}
END_TEST

START_TEST(all_eight_bytes_must_be_within_the_limit)
{
    struct kvm_dtable short_gdtr = {.base = 0x800, .limit = 0x1e};
    struct kvm_dtable largest = {.base = 0x10000, .limit = 0xffff};

    ck_assert_msg(descriptor_address(&chapter_gdtr, 0x20) == 0,
                  "entry 4 (0x20) is beyond a 4-entry table");
    ck_assert_msg(descriptor_address(&short_gdtr, 0x18) == 0,
                  "with limit 0x1e, entry 3's last byte (0x1f) is outside "
                  "the table");
    ck_assert_uint_eq(descriptor_address(&short_gdtr, 0x10), 0x810);
    ck_assert_msg(descriptor_address(&largest, 0xfff8) == 0x1fff8,
                  "the last entry of a 64 KiB table (0xfff8) gives %#llx",
                  (unsigned long long)descriptor_address(&largest, 0xfff8));
}
END_TEST

/* Run the chapter 04 guest on the chapter's GDT with GDTR.limit set to
 * `limit`: it ends by loading FS with selector 0x18. */
static enum run_outcome run_chapter_guest(struct machine *m, uint16_t limit)
{
    static uint64_t entries[4];
    const struct gdt gdt = {0x800, entries, 4};
    struct guest_image image = GUEST_IMAGE(guest_04_protected_mode);
    uint8_t code =
        SEG_P | SEG_S | SEG_TYPE_CODE | SEG_TYPE_CODE_READ | SEG_TYPE_ACCESSED;
    uint8_t data = SEG_P | SEG_S | SEG_TYPE_DATA_WRITE | SEG_TYPE_ACCESSED;
    const char *failed_step = NULL;
    struct run_stats stats;
    struct console console;
    struct kvm_sregs sregs;
    FILE *out = fopen("/dev/null", "w");
    enum run_outcome outcome;

    entries[1] = x86_descriptor(0, 0xfffff, code, SEG_G | SEG_DB);
    entries[2] = x86_descriptor(0, 0xfffff, data, SEG_G | SEG_DB);
    entries[3] = x86_descriptor(0x8000, 0xfff, data, SEG_DB);
    ck_assert_msg(machine_create(m, 0x100000, &failed_step) == 0,
                  "machine_create failed at %s", failed_step);
    ck_assert_int_eq(gdt_write(&m->vm, &gdt), 0);
    ck_assert_int_eq(guest_load_flat(&m->vm, 0x1000, &image), 0);
    ck_assert_int_eq(
        protected_mode_enter(&m->vcpu, &gdt, 0x08, 0x10, 0x1000, 0x10000), 0);
    ck_assert_int_eq(vcpu_get_sregs(&m->vcpu, &sregs), 0);
    sregs.gdt.limit = limit;
    ck_assert_int_eq(vcpu_set_sregs(&m->vcpu, &sregs), 0);
    console_init(&console, out);
    outcome = run_until_halt(&m->vcpu, &console, 5.0, &stats);
    fclose(out);
    return outcome;
}

START_TEST(fs_holds_what_the_cpu_read_from_your_entry)
{
    const struct kvm_sregs *sregs;
    uint64_t address, descriptor;
    struct machine m;

    REQUIRE_KVM();
    ck_assert_int_eq(run_chapter_guest(&m, 0x1f), RUN_HALTED);
    sregs = &m.vcpu.run->s.regs.sregs;
    address = descriptor_address(&sregs->gdt, sregs->fs.selector);
    ck_assert_msg(address >= 0x800 && address + 8 <= 0x820,
                  "FS = %#x gives %#llx, outside the GDT at 0x800",
                  sregs->fs.selector, (unsigned long long)address);
    memcpy(&descriptor, m.memory + address, sizeof(descriptor));
    ck_assert_msg(x86_descriptor_base(descriptor) == sregs->fs.base &&
                      x86_descriptor_limit(descriptor) == sregs->fs.limit,
                  "the entry at %#llx has base %#x limit %#x, but the CPU "
                  "loaded FS with base %#llx limit %#x",
                  (unsigned long long)address, x86_descriptor_base(descriptor),
                  x86_descriptor_limit(descriptor), sregs->fs.base,
                  sregs->fs.limit);
    machine_destroy(&m);
}
END_TEST

START_TEST(the_cpu_loads_fs_exactly_when_you_find_an_entry)
{
    static const uint16_t limits[] = {0x1f, 0x1e, 0x19, 0x18, 0x17, 0x27};

    REQUIRE_KVM();
    for (size_t i = 0; i < sizeof(limits) / sizeof(limits[0]); i++) {
        struct kvm_dtable gdtr = {.base = 0x800, .limit = limits[i]};
        int found = descriptor_address(&gdtr, 0x18) != 0;
        struct machine m;
        enum run_outcome outcome = run_chapter_guest(&m, limits[i]);
        int loaded = outcome == RUN_HALTED;

        /* Not loaded: #GP, and with no IDT a triple fault. */
        ck_assert_msg(loaded || (outcome == RUN_UNHANDLED_EXIT &&
                                 m.vcpu.run->exit_reason == KVM_EXIT_SHUTDOWN),
                      "unexpected end of the run with limit %#x", limits[i]);
        ck_assert_msg(found == loaded,
                      "GDTR.limit %#x: you find %s for selector 0x18, "
                      "but the CPU %s",
                      limits[i], found ? "an entry" : "no entry",
                      loaded ? "loaded FS" : "refused to load FS (#GP)");
        machine_destroy(&m);
    }
}
END_TEST

Suite *test_suite(void)
{
    Suite *suite = suite_create("exercise 04.1");

    exercise_check(suite, "the chapter's selectors 0x08, 0x10 and 0x18",
                   the_chapters_selectors);
    exercise_check(suite, "RPL and TI are not part of the offset",
                   rpl_and_ti_are_not_part_of_the_offset);
    exercise_check(suite, "null selectors name no entry",
                   null_selectors_name_no_entry);
    exercise_check(suite, "all 8 bytes of the entry must be within the limit",
                   all_eight_bytes_must_be_within_the_limit);
    exercise_check(suite, "FS holds what the CPU read from your entry",
                   fs_holds_what_the_cpu_read_from_your_entry);
    exercise_check(suite, "the CPU loads FS exactly when you find its entry",
                   the_cpu_loads_fs_exactly_when_you_find_an_entry);
    return suite;
}
