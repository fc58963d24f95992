/*
 * Chapter 11's bad input: --vcpus out of range, and hostile guests run
 * with --guest: one that never sends SIPI, an AP that triple-faults, an AP
 * spinning with interrupts off, an AP sending itself IPIs in a loop. Each
 * is contained and reported per vCPU, and every thread is joined.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "guest.h"
#include "harness.h"

#define CHAPTER "11-smp"

GUEST_EMBEDDED(guest_tests_smp_no_sipi);
GUEST_EMBEDDED(guest_tests_smp_ap_triple_fault);
GUEST_EMBEDDED(guest_tests_smp_spin_if0);
GUEST_EMBEDDED(guest_tests_smp_self_ipi);

/* Run chapter 11 with 2 vCPUs on `image`, with a time limit of 1 s. */
static void run_guest(struct process *p, struct guest_image image)
{
    static const char *const options[] = {"--timeout", "1", NULL};

    run_chapter_guest_image(p, CHAPTER, image.data, image.size, options, 30);
    ck_assert_msg(!p->timed_out && p->signal == 0,
                  "did not exit by itself (signal %d)", p->signal);
    ck_assert_msg(strstr(p->out, "host: all 2 vCPU threads joined\n"),
                  "stdout:\n%s", p->out);
}

static void check_usage(const char *value, const char *expected_err)
{
    const char *argv[] = {chapter_path(CHAPTER), "--vcpus", value, NULL};
    struct process p;

    ck_assert_int_eq(process_run(&p, value ? argv : (const char *[]){
                                     chapter_path(CHAPTER), "--vcpus", NULL},
                                 NULL, 30), 0);
    ck_assert_int_eq(p.exit_code, 2);
    ck_assert_str_eq(p.err, expected_err);
    ck_assert_str_eq(p.out, "");
    process_free(&p);
}

START_TEST(vcpus_out_of_range_is_a_usage_error)
{
    check_usage("0", CHAPTER ": --vcpus takes a whole number from 1 to 16, "
                     "not '0' — run '" CHAPTER " --help' for the options\n");
    check_usage("17", CHAPTER ": --vcpus takes a whole number from 1 to 16, "
                      "not '17' — run '" CHAPTER " --help' for the options\n");
    check_usage("two", CHAPTER ": --vcpus takes a whole number from 1 to "
                       "16, not 'two' — run '" CHAPTER " --help' for the "
                       "options\n");
    check_usage(NULL, CHAPTER ": missing value after '--vcpus' — run '"
                      CHAPTER " --help' for the options\n");
}
END_TEST

START_TEST(a_guest_that_never_sends_sipi)
{
    struct process p;

    REQUIRE_KVM();
    run_guest(&p, GUEST_IMAGE(guest_tests_smp_no_sipi));
    ck_assert_int_eq(p.exit_code, 0);
    ck_assert_msg(strstr(p.out, "host: vCPU 0 ended the run\nhost: vCPU 1 "
                                "stopped: MP_STATE UNINITIALIZED, never "
                                "started (no INIT and SIPI came)\n"),
                  "stdout:\n%s", p.out);
    process_free(&p);
}
END_TEST

START_TEST(an_ap_that_triple_faults_ends_the_run)
{
    struct process p;

    REQUIRE_KVM();
    run_guest(&p, GUEST_IMAGE(guest_tests_smp_ap_triple_fault));
    ck_assert_int_eq(p.exit_code, 1);
    ck_assert_msg(strstr(p.out, "host: vCPU 0 stopped: MP_STATE RUNNABLE, "
                                "at rip 0x") &&
                      strstr(p.out, "host: vCPU 1 ended the run\n"),
                  "stdout:\n%s", p.out);
    ck_assert_msg(strstr(p.err, CHAPTER ": guest stopped with "
                                "KVM_EXIT_SHUTDOWN"),
                  "stderr:\n%s", p.err);
    process_free(&p);
}
END_TEST

/* Only the time limit ends it; both vCPUs are named, with where they were. */
static void check_time_limit(struct guest_image image)
{
    struct process p;

    run_guest(&p, image);
    ck_assert_int_eq(p.exit_code, 1);
    ck_assert_str_eq(p.err, CHAPTER ": the guest did not finish within 1 s "
                            "— run with --trace to see its exits, or raise "
                            "--timeout\n");
    ck_assert_msg(strstr(p.out, "host: vCPU 0 stopped by the time limit: "
                                "MP_STATE RUNNABLE, at rip 0x") &&
                      strstr(p.out, "host: vCPU 1 stopped by the time "
                                    "limit: MP_STATE RUNNABLE, at rip 0x"),
                  "stdout:\n%s", p.out);
    ck_assert(strstr(p.out, "(it had passed the climb's checkpoint)\n"));
    process_free(&p);
}

START_TEST(an_ap_spinning_with_interrupts_off)
{
    REQUIRE_KVM();
    check_time_limit(GUEST_IMAGE(guest_tests_smp_spin_if0));
}
END_TEST

START_TEST(an_ap_sending_itself_ipis)
{
    REQUIRE_KVM();
    check_time_limit(GUEST_IMAGE(guest_tests_smp_self_ipi));
}
END_TEST

Suite *test_suite(void)
{
    Suite *suite = suite_create("faults/smp");
    TCase *tc = tcase_create("smp");

    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, vcpus_out_of_range_is_a_usage_error);
    tcase_add_test(tc, a_guest_that_never_sends_sipi);
    tcase_add_test(tc, an_ap_that_triple_faults_ends_the_run);
    tcase_add_test(tc, an_ap_spinning_with_interrupts_off);
    tcase_add_test(tc, an_ap_sending_itself_ipis);
    suite_add_tcase(suite, tc);
    return suite;
}
