/*
 * KVM tests for chapter 04: a GDT in guest memory, protected mode entered
 * with KVM_SET_SREGS, and the chapter's 32-bit guest run through common/.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "guest.h"
#include "harness.h"
#include "machine.h"
#include "protected_mode.h"
#include "run.h"
#include "segment.h"
#include "x86.h"

GUEST_EMBEDDED(guest_04_protected_mode);
GUEST_EMBEDDED(guest_tests_bad_selector);

#define CODE (SEG_P | SEG_S | SEG_TYPE_CODE | SEG_TYPE_CODE_READ |            \
              SEG_TYPE_ACCESSED)
#define DATA (SEG_P | SEG_S | SEG_TYPE_DATA_WRITE | SEG_TYPE_ACCESSED)

static uint64_t entries[4];
static const struct gdt gdt = {0x800, entries, 4};

/* The chapter's GDT, its guest (or another), run to the end. */
static enum run_outcome run_guest(struct machine *m, struct guest_image image,
                                  char **output)
{
    const char *failed_step = NULL;
    struct run_stats stats;
    struct console console;
    size_t size = 0;
    FILE *out = open_memstream(output, &size);
    enum run_outcome outcome;

    entries[1] = x86_descriptor(0, 0xfffff, CODE, SEG_G | SEG_DB);
    entries[2] = x86_descriptor(0, 0xfffff, DATA, SEG_G | SEG_DB);
    entries[3] = x86_descriptor(0x8000, 0xfff, DATA, SEG_DB);
    ck_assert_msg(machine_create(m, 0x100000, &failed_step) == 0,
                  "machine_create failed at %s", failed_step);
    ck_assert_int_eq(gdt_write(&m->vm, &gdt), 0);
    ck_assert_int_eq(guest_load_flat(&m->vm, 0x1000, &image), 0);
    ck_assert_int_eq(
        protected_mode_enter(&m->vcpu, &gdt, 0x08, 0x10, 0x1000, 0x10000), 0);
    console_init(&console, out);
    outcome = run_until_halt(&m->vcpu, &console, 5.0, &stats);
    fclose(out);
    return outcome;
}

START_TEST(gdt_is_in_guest_memory_as_encoded)
{
    struct machine m;
    char *output = NULL;

    REQUIRE_KVM();
    run_guest(&m, GUEST_IMAGE(guest_04_protected_mode), &output);
    ck_assert_mem_eq(m.memory + 0x800, entries, sizeof(entries));
    free(output);
    machine_destroy(&m);
}
END_TEST

START_TEST(guest_prints_and_computes_12_factorial)
{
    struct machine m;
    char *output = NULL;
    uint32_t stored;

    REQUIRE_KVM();
    ck_assert_int_eq(run_guest(&m, GUEST_IMAGE(guest_04_protected_mode),
                               &output),
                     RUN_HALTED);
    ck_assert_str_eq(output, "guest> Hello from protected mode!\n"
                             "guest> 12! = 0x1c8cfc00\n");
    ck_assert_uint_eq(m.vcpu.run->s.regs.regs.rbx & 0xffffffff, 479001600);
    memcpy(&stored, m.memory + 0x8000, sizeof(stored));
    ck_assert_uint_eq(stored, 479001600);
    free(output);
    machine_destroy(&m);
}
END_TEST

START_TEST(fs_hidden_part_comes_from_the_gdt)
{
    struct machine m;
    char *output = NULL;
    const struct kvm_sregs *sregs;

    REQUIRE_KVM();
    ck_assert_int_eq(run_guest(&m, GUEST_IMAGE(guest_04_protected_mode),
                               &output),
                     RUN_HALTED);
    sregs = &m.vcpu.run->s.regs.sregs;
    /* The host never set FS to 0x18: the guest loaded it, and the CPU
     * filled base and limit from GDT entry 3 in guest memory. */
    ck_assert_uint_eq(sregs->fs.selector, 0x18);
    ck_assert_uint_eq(sregs->fs.base, 0x8000);
    ck_assert_uint_eq(sregs->fs.limit, 0xfff);
    /* Still in protected mode, 32-bit code, no paging. */
    ck_assert_uint_eq(sregs->cr0 & (CR0_PE | CR0_PG), CR0_PE);
    ck_assert_uint_eq(sregs->cs.selector, 0x08);
    ck_assert_uint_eq(sregs->cs.db, 1);
    ck_assert_uint_eq(sregs->gdt.base, 0x800);
    ck_assert_uint_eq(sregs->gdt.limit, 31);
    free(output);
    machine_destroy(&m);
}
END_TEST

START_TEST(selector_beyond_the_gdt_triple_faults)
{
    struct machine m;
    char *output = NULL;

    REQUIRE_KVM();
    ck_assert_int_eq(run_guest(&m, GUEST_IMAGE(guest_tests_bad_selector),
                               &output),
                     RUN_UNHANDLED_EXIT);
    ck_assert_uint_eq(m.vcpu.run->exit_reason, KVM_EXIT_SHUTDOWN);
    free(output);
    machine_destroy(&m);
}
END_TEST

START_TEST(a_selector_outside_the_table_is_refused_by_the_host)
{
    struct machine m;
    const char *failed_step = NULL;

    REQUIRE_KVM();
    ck_assert_int_eq(machine_create(&m, 0x100000, &failed_step), 0);
    ck_assert_int_eq(
        protected_mode_enter(&m.vcpu, &gdt, 0x20, 0x10, 0x1000, 0x10000), -1);
    ck_assert_int_eq(errno, EINVAL);
    ck_assert_int_eq(
        protected_mode_enter(&m.vcpu, &gdt, 0x08, 0x00, 0x1000, 0x10000), -1);
    ck_assert_int_eq(errno, EINVAL);
    machine_destroy(&m);
}
END_TEST

Suite *test_suite(void)
{
    Suite *suite = suite_create("kvm/protected_mode");
    TCase *tc = tcase_create("protected_mode");

    tcase_set_timeout(tc, 20);
    tcase_add_test(tc, gdt_is_in_guest_memory_as_encoded);
    tcase_add_test(tc, guest_prints_and_computes_12_factorial);
    tcase_add_test(tc, fs_hidden_part_comes_from_the_gdt);
    tcase_add_test(tc, selector_beyond_the_gdt_triple_faults);
    tcase_add_test(tc, a_selector_outside_the_table_is_refused_by_the_host);
    suite_add_tcase(suite, tc);
    return suite;
}
