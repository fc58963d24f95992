/*
 * KVM tests for chapter 03: the real-mode guest run through common/, with
 * its output, registers and memory checked.
 */
#include <stdlib.h>
#include <string.h>

#include "guest.h"
#include "harness.h"
#include "machine.h"
#include "real_mode.h"
#include "run.h"

GUEST_EMBEDDED(guest_03_real_mode);

/* Run the chapter 03 guest as the chapter does, capturing its console. */
static enum run_outcome run_guest(struct machine *m, char **output,
                                  struct run_stats *stats)
{
    struct guest_image image = GUEST_IMAGE(guest_03_real_mode);
    const char *failed_step = NULL;
    struct console console;
    size_t size = 0;
    FILE *out = open_memstream(output, &size);
    enum run_outcome outcome;

    ck_assert_msg(machine_create(m, 0x10000, &failed_step) == 0,
                  "machine_create failed at %s", failed_step);
    ck_assert_int_eq(guest_load_flat(&m->vm, 0x1000, &image), 0);
    ck_assert_int_eq(real_mode_enter(&m->vcpu, 0, 0x1000, 0xfff0), 0);
    console_init(&console, out);
    outcome = run_until_halt(&m->vcpu, &console, 5.0, stats);
    fclose(out);
    return outcome;
}

START_TEST(guest_prints_greeting_and_sum)
{
    struct machine m;
    struct run_stats stats;
    char *output = NULL;

    REQUIRE_KVM();
    ck_assert_int_eq(run_guest(&m, &output, &stats), RUN_HALTED);
    ck_assert_str_eq(output, "guest> Hello from real mode!\n"
                             "guest> 1 + 2 + ... + 100 = 5050\n");
    free(output);
    machine_destroy(&m);
}
END_TEST

START_TEST(sum_is_left_in_bx_and_memory)
{
    struct machine m;
    struct run_stats stats;
    char *output = NULL;
    uint16_t stored;

    REQUIRE_KVM();
    ck_assert_int_eq(run_guest(&m, &output, &stats), RUN_HALTED);
    ck_assert_uint_eq(m.vcpu.run->s.regs.regs.rbx & 0xffff, 5050);
    memcpy(&stored, m.memory + 0x500, sizeof(stored));
    ck_assert_uint_eq(stored, 5050);
    free(output);
    machine_destroy(&m);
}
END_TEST

START_TEST(halts_in_real_mode_after_one_exit_per_byte)
{
    struct machine m;
    struct run_stats stats;
    char *output = NULL;
    struct kvm_run *run;

    REQUIRE_KVM();
    ck_assert_int_eq(run_guest(&m, &output, &stats), RUN_HALTED);
    run = m.vcpu.run;
    ck_assert_uint_eq(run->exit_reason, KVM_EXIT_HLT);
    /* 47 bytes of output, one exit each, then the halt. */
    ck_assert_uint_eq(stats.exits, 48);
    ck_assert_uint_eq(run->s.regs.sregs.cr0 & 1, 0); /* PE clear */
    ck_assert_uint_eq(run->s.regs.sregs.cs.selector, 0);
    free(output);
    machine_destroy(&m);
}
END_TEST

Suite *test_suite(void)
{
    Suite *suite = suite_create("kvm/real_mode");
    TCase *tc = tcase_create("real_mode");

    tcase_set_timeout(tc, 20);
    tcase_add_test(tc, guest_prints_greeting_and_sum);
    tcase_add_test(tc, sum_is_left_in_bx_and_memory);
    tcase_add_test(tc, halts_in_real_mode_after_one_exit_per_byte);
    suite_add_tcase(suite, tc);
    return suite;
}
