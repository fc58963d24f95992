/*
 * Chapter 01's table promises that a chapter which needs a capability
 * checks it and stops with exit code 77 and its name when the host lacks
 * it. These tests keep the promise: KVM101_HIDE_CAPS makes
 * kvm_check_extension() answer 0 for the capabilities it lists, as an
 * older kernel would.
 */
#include <check.h>
#include <linux/kvm.h>
#include <stdio.h>
#include <string.h>

#include "harness.h"

/* Run `chapter` with no options and KVM101_HIDE_CAPS=`capability`. */
static void run_without(struct process *p, const char *chapter,
                        int capability)
{
    char variable[64];
    const char *argv[] = {chapter_path(chapter), NULL};
    const char *environment[] = {variable, NULL};

    snprintf(variable, sizeof(variable), "KVM101_HIDE_CAPS=%d", capability);
    ck_assert_int_eq(process_run(p, argv, environment, 20), 0);
}

/* `chapter` without `capability`: exit 77, one line on stderr that names
 * it and says the host lacks it. */
static void assert_stops_for(const char *chapter, int capability,
                             const char *name)
{
    struct process p;
    char expected[256];

    run_without(&p, chapter, capability);
    ck_assert_msg(!p.timed_out && p.exit_code == 77,
                  "%s without %s: exit %d, expected 77; stderr:\n%s", chapter,
                  name, p.exit_code, p.err);
    snprintf(expected, sizeof(expected), "%s: %s", chapter, name);
    ck_assert_msg(strncmp(p.err, expected, strlen(expected)) == 0 &&
                      strstr(p.err, "lacks a capability") &&
                      count_occurrences(p.err, "\n") == 1,
                  "%s without %s: expected one line '%s...', got:\n%s",
                  chapter, name, expected, p.err);
    process_free(&p);
}

START_TEST(every_guest_chapter_needs_sync_regs_and_immediate_exit)
{
    REQUIRE_KVM();
    for (int c = 0; c < 2; c++) {
        const char *chapters[] = {"03-real-mode", "04-protected-mode",
                                  "05-long-mode", "06-boot-trampoline",
                                  "07-hypercalls", "08-memory-and-mmio",
                                  "09-exceptions"};

        for (size_t i = 0; i < sizeof(chapters) / sizeof(chapters[0]); i++)
            assert_stops_for(chapters[i],
                             c ? KVM_CAP_IMMEDIATE_EXIT : KVM_CAP_SYNC_REGS,
                             c ? "KVM_CAP_IMMEDIATE_EXIT"
                               : "KVM_CAP_SYNC_REGS");
    }
}
END_TEST

START_TEST(long_mode_chapters_need_ext_cpuid)
{
    REQUIRE_KVM();
    assert_stops_for("05-long-mode", KVM_CAP_EXT_CPUID, "KVM_CAP_EXT_CPUID");
    assert_stops_for("07-hypercalls", KVM_CAP_EXT_CPUID, "KVM_CAP_EXT_CPUID");
    assert_stops_for("09-exceptions", KVM_CAP_EXT_CPUID, "KVM_CAP_EXT_CPUID");
}
END_TEST

START_TEST(chapter_08_needs_readonly_mem)
{
    REQUIRE_KVM();
    assert_stops_for("08-memory-and-mmio", KVM_CAP_READONLY_MEM,
                     "KVM_CAP_READONLY_MEM");
}
END_TEST

START_TEST(chapter_14_needs_binary_stats_fd)
{
    struct process p;

    REQUIRE_KVM();
    assert_stops_for("14-exit-costs", KVM_CAP_BINARY_STATS_FD,
                     "KVM_CAP_BINARY_STATS_FD");
    run_without(&p, "14-exit-costs", KVM_CAP_BINARY_STATS_FD);
    ck_assert_msg(strstr(p.err, "Linux 5.14 or later has it"),
                  "stderr: %s", p.err);
    process_free(&p);
}
END_TEST

START_TEST(chapter_01_reports_a_missing_capability)
{
    struct process p;

    REQUIRE_KVM();
    run_without(&p, "01-hello-kvm", KVM_CAP_READONLY_MEM);
    ck_assert_int_eq(p.exit_code, 0);
    ck_assert_msg(strstr(p.out, "KVM_CAP_READONLY_MEM              0  "
                                "08 memory-and-mmio (missing)\n") &&
                      strstr(p.out, "1 of 11 capabilities are missing"),
                  "stdout:\n%s", p.out);
    process_free(&p);
}
END_TEST

Suite *test_suite(void)
{
    Suite *suite = suite_create("faults/capabilities");
    TCase *tc = tcase_create("capabilities");

    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, every_guest_chapter_needs_sync_regs_and_immediate_exit);
    tcase_add_test(tc, long_mode_chapters_need_ext_cpuid);
    tcase_add_test(tc, chapter_08_needs_readonly_mem);
    tcase_add_test(tc, chapter_14_needs_binary_stats_fd);
    tcase_add_test(tc, chapter_01_reports_a_missing_capability);
    suite_add_tcase(suite, tc);
    return suite;
}
