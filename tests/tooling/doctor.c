/*
 * Tests of make doctor (tests/tools/doctor.sh): on a host whose KVM works it
 * says so, names the kind of host and exits 0; with no device, or a device
 * that is not KVM, it says why, points at make run-svm and exits 77. Run on
 * both hosts (make test and make test-svm).
 */
#include <stdio.h>
#include <string.h>

#include "harness.h"
#include "kvm.h"

/* Run doctor.sh on the build being tested, with `device` as
 * KVM101_DEVICE (NULL: the real one). */
static void run_doctor(struct process *p, const char *device)
{
    char environment_entry[256];
    const char *environment[] = {NULL, NULL};
    const char *argv[] = {"/bin/sh", "tests/tools/doctor.sh",
                          harness_build_dir(), NULL};

    if (device) {
        snprintf(environment_entry, sizeof(environment_entry),
                 "KVM101_DEVICE=%s", device);
        environment[0] = environment_entry;
    }
    ck_assert_int_eq(process_run(p, argv, environment, 60), 0);
    ck_assert_msg(!p->timed_out && p->signal == 0, "doctor did not finish");
}

START_TEST(a_working_host_can_run_the_chapters)
{
    char kind_line[128];
    struct process p;

    REQUIRE_KVM();
    run_doctor(&p, NULL);
    ck_assert_msg(p.exit_code == 0, "exit %d:\n%s%s", p.exit_code, p.out,
                  p.err);
    snprintf(kind_line, sizeof(kind_line), "\nhost kind    %s ",
             kvm_host_kind_name(kvm_host_kind()));
    ck_assert_msg(strstr(p.out, kind_line), "no [%s] in:\n%s", kind_line + 1,
                  p.out);
    ck_assert_ptr_nonnull(strstr(p.out, "you can open it: yes"));
    ck_assert_ptr_nonnull(strstr(p.out, "    KVM API version 12"));
    ck_assert_ptr_nonnull(strstr(p.out, "\nThe chapters can run here.\n"));
    process_free(&p);
}
END_TEST

START_TEST(no_device_points_at_run_svm)
{
    struct process p;

    run_doctor(&p, "/nonexistent/kvm");
    ck_assert_int_eq(p.exit_code, 77);
    ck_assert_ptr_nonnull(strstr(p.out, "device       /nonexistent/kvm: not "
                                        "there\n"));
    ck_assert_ptr_nonnull(strstr(p.out, "The chapters cannot run on this "
                                        "machine's KVM: there is no "
                                        "/nonexistent/kvm"));
    ck_assert_ptr_nonnull(strstr(p.out, "make run-svm runs every chapter"));
    ck_assert_ptr_null(strstr(p.out, "chapter 01 says:"));
    process_free(&p);
}
END_TEST

START_TEST(a_device_that_is_not_kvm_is_named)
{
    struct process p;

    /* /dev/null opens, but chapter 01's KVM_GET_API_VERSION fails. */
    run_doctor(&p, "/dev/null");
    ck_assert_int_eq(p.exit_code, 77);
    ck_assert_ptr_nonnull(strstr(p.out, "this is not a KVM device"));
    ck_assert_ptr_nonnull(strstr(p.out, "chapter 01 failed (exit 1"));
    ck_assert_ptr_nonnull(strstr(p.out, "make run-svm"));
    process_free(&p);
}
END_TEST

START_TEST(a_missing_build_is_doctors_own_error)
{
    struct process p;
    const char *argv[] = {"/bin/sh", "tests/tools/doctor.sh",
                          "/nonexistent-build", NULL};

    ck_assert_int_eq(process_run(&p, argv, NULL, 60), 0);
    ck_assert_int_eq(p.exit_code, 1);
    ck_assert_str_eq(p.err, "make doctor: /nonexistent-build/tools/host-kind "
                            "is missing; run make first\n");
    process_free(&p);
}
END_TEST

Suite *test_suite(void)
{
    Suite *suite = suite_create("tooling/doctor");
    TCase *tc = tcase_create("doctor");

    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, a_working_host_can_run_the_chapters);
    tcase_add_test(tc, no_device_points_at_run_svm);
    tcase_add_test(tc, a_device_that_is_not_kvm_is_named);
    tcase_add_test(tc, a_missing_build_is_doctors_own_error);
    suite_add_tcase(suite, tc);
    return suite;
}
