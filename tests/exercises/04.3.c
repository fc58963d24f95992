/*
 * The test of exercise 04.3, will `mov ds, ax` fault?: checks
 * ds_load_succeeds() on a GDT with one entry of each kind, at CPL 0 and 3,
 * then asks the CPU: a guest loads DS with each selector at CPL 0, and it
 * must halt exactly when the function said it would.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/ioctl.h>

#include "exits.h"
#include "guest.h"
#include "harness.h"
#include "machine.h"
#include "protected_mode.h"
#include "segment.h"

bool ds_load_succeeds(const struct gdt *gdt, uint16_t selector, int cpl);

/* A 32-bit guest, loaded at 0x1000: load DS with the selector the host put
 * in AX. It halts if the load worked; a fault, with no IDT, becomes a
 * triple fault. */
extern const uint8_t ds_guest[], ds_guest_end[];
__asm__(".pushsection .rodata\n"
        ".intel_syntax noprefix\n"
        ".code32\n"
        "ds_guest:\n"
        "    mov ds, ax\n"
        "    hlt\n"
        "ds_guest_end:\n"
        ".code64\n"
        ".att_syntax prefix\n"
        ".popsection\n");

/* A flat descriptor (base 0, limit 0xfffff pages, G and D/B set) with the
 * given access byte, as a constant: x86_descriptor() cannot fill a static
 * table. */
#define FLAT(access) (0x00cf00000000ffffull | (uint64_t)(access) << 40)

/* One entry of each kind; the comment gives its access byte. */
static const uint64_t entries[] = {
    0,          /* 0x00 null */
    FLAT(0x9b), /* 0x08 code, readable, DPL 0: CS */
    FLAT(0x93), /* 0x10 data, writable, DPL 0: SS */
    FLAT(0xf3), /* 0x18 data, DPL 3 */
    FLAT(0x13), /* 0x20 data, DPL 0, not present */
    FLAT(0x99), /* 0x28 code, execute-only, DPL 0 */
    FLAT(0xfb), /* 0x30 code, readable, DPL 3 */
    FLAT(0x9f), /* 0x38 code, readable, conforming, DPL 0 */
    FLAT(0x89), /* 0x40 system (S = 0): an available 32-bit TSS */
    FLAT(0xb1), /* 0x48 data, read-only, DPL 1 */
    FLAT(0x9d), /* 0x50 code, execute-only, conforming, DPL 0 */
};
static const struct gdt gdt = {0x800, entries, 11};

static void expect(uint16_t selector, int cpl, bool loads, const char *why)
{
    ck_assert_msg(ds_load_succeeds(&gdt, selector, cpl) == loads,
                  "selector 0x%02x at CPL %d: you say it %s, but it %s (%s)",
                  selector, cpl, loads ? "faults" : "loads",
                  loads ? "loads" : "faults", why);
}

START_TEST(the_chapters_flat_segments)
{
    expect(0x10, 0, true, "flat data, DPL 0");
    expect(0x08, 0, true, "readable code can be read through DS");
}
END_TEST

START_TEST(the_null_selector_may_be_loaded)
{
    expect(0x00, 0, true, "null: DS may hold it");
    expect(0x03, 3, true, "null with RPL 3 is null too");
    expect(0x04, 0, false, "TI = 1: an LDT selector, and there is no LDT");
}
END_TEST

START_TEST(neither_rpl_nor_cpl_may_exceed_the_dpl)
{
    expect(0x13, 0, false, "RPL 3 > DPL 0");
    expect(0x0b, 0, false, "RPL 3 > DPL 0, code");
    expect(0x1b, 0, true, "RPL 3 <= DPL 3");
    expect(0x49, 0, true, "RPL 1 <= DPL 1");
    expect(0x4a, 0, false, "RPL 2 > DPL 1");
    expect(0x10, 3, false, "CPL 3 > DPL 0");
    expect(0x18, 3, true, "CPL 3 and RPL 0 <= DPL 3");
    expect(0x4b, 3, false, "CPL 3 > DPL 1");
    expect(0x33, 3, true, "readable code, CPL 3 and RPL 3 <= DPL 3");
}
END_TEST

START_TEST(conforming_code_skips_the_privilege_check)
{
    expect(0x3b, 0, true, "conforming code, RPL 3 > DPL 0");
    expect(0x38, 3, true, "conforming code, CPL 3 > DPL 0");
    expect(0x53, 3, false, "conforming but execute-only");
}
END_TEST

START_TEST(only_present_readable_code_or_data_in_the_table)
{
    expect(0x20, 0, false, "not present: #NP");
    expect(0x28, 0, false, "execute-only code cannot be read");
    expect(0x40, 0, false, "a system descriptor");
    expect(0x58, 0, false, "entry 11 is beyond GDTR.limit 0x57");
    expect(0xfff8, 0, false, "entry 8191 is beyond GDTR.limit 0x57");
}
END_TEST

/* Run ds_guest with AX = selector at CPL 0: did DS load? */
static bool cpu_loads(uint16_t selector)
{
    struct guest_image image = {ds_guest, (size_t)(ds_guest_end - ds_guest),
                                NULL};
    const char *failed_step = NULL;
    struct kvm_regs regs;
    struct machine m;
    unsigned reason;

    ck_assert_msg(machine_create(&m, 0x100000, &failed_step) == 0,
                  "machine_create failed at %s", failed_step);
    ck_assert_int_eq(gdt_write(&m.vm, &gdt), 0);
    ck_assert_int_eq(guest_load_flat(&m.vm, 0x1000, &image), 0);
    ck_assert_int_eq(
        protected_mode_enter(&m.vcpu, &gdt, 0x08, 0x10, 0x1000, 0x10000), 0);
    ck_assert_int_eq(vcpu_get_regs(&m.vcpu, &regs), 0);
    regs.rax = selector;
    ck_assert_int_eq(vcpu_set_regs(&m.vcpu, &regs), 0);
    ck_assert_int_eq(ioctl(m.vcpu.fd, KVM_RUN, 0), 0);
    reason = m.vcpu.run->exit_reason;
    machine_destroy(&m);
    ck_assert_msg(reason == KVM_EXIT_HLT || reason == KVM_EXIT_SHUTDOWN,
                  "selector 0x%02x: the guest stopped with %s", selector,
                  exit_name(reason));
    return reason == KVM_EXIT_HLT;
}

START_TEST(the_cpu_agrees_on_every_selector)
{
    static const uint16_t selectors[] = {
        0x00, 0x03, 0x04, 0x08, 0x0b, 0x10, 0x13, 0x14, 0x18, 0x1b, 0x20,
        0x28, 0x30, 0x33, 0x38, 0x3b, 0x40, 0x48, 0x49, 0x4a, 0x50, 0x58,
    };

    REQUIRE_KVM();
    for (size_t i = 0; i < sizeof(selectors) / sizeof(selectors[0]); i++) {
        bool yours = ds_load_succeeds(&gdt, selectors[i], 0);
        bool cpu = cpu_loads(selectors[i]);

        ck_assert_msg(yours == cpu,
                      "selector 0x%02x at CPL 0: you say it %s, the CPU %s",
                      selectors[i], yours ? "loads" : "faults",
                      cpu ? "loaded it" : "faulted (a triple fault)");
    }
}
END_TEST

Suite *test_suite(void)
{
    Suite *suite = suite_create("exercise 04.3");

    exercise_check(suite, "the chapter's flat data and code segments load",
                   the_chapters_flat_segments);
    exercise_check(suite, "the null selector may be loaded into DS",
                   the_null_selector_may_be_loaded);
    exercise_check(suite, "neither the RPL nor the CPL may exceed the DPL",
                   neither_rpl_nor_cpl_may_exceed_the_dpl);
    exercise_check(suite, "conforming code skips the privilege check",
                   conforming_code_skips_the_privilege_check);
    exercise_check(suite, "only present, readable code or data in the table",
                   only_present_readable_code_or_data_in_the_table);
    exercise_check(suite, "the CPU agrees with you on 22 selectors at CPL 0",
                   the_cpu_agrees_on_every_selector);
    return suite;
}
