/*
 * Unit tests for kvm_device_path() in common/kvm.c: KVM101_DEVICE lets the
 * fault tests point the chapters at a missing or wrong device. No KVM.
 */
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include "harness.h"
#include "kvm.h"

START_TEST(default_is_dev_kvm)
{
    unsetenv("KVM101_DEVICE");
    ck_assert_str_eq(kvm_device_path(), "/dev/kvm");
}
END_TEST

START_TEST(KVM101_DEVICE_overrides_it)
{
    setenv("KVM101_DEVICE", "/tmp/not-kvm", 1);
    ck_assert_str_eq(kvm_device_path(), "/tmp/not-kvm");
}
END_TEST

START_TEST(empty_KVM101_DEVICE_is_ignored)
{
    setenv("KVM101_DEVICE", "", 1);
    ck_assert_str_eq(kvm_device_path(), "/dev/kvm");
}
END_TEST

START_TEST(kvm_open_opens_the_overriding_path)
{
    /* Not a KVM device, but proof that kvm_open() follows the variable. */
    int fd;

    setenv("KVM101_DEVICE", "/dev/null", 1);
    fd = kvm_open();
    ck_assert_int_ge(fd, 0);
    close(fd);
    setenv("KVM101_DEVICE", "/nonexistent/kvm", 1);
    ck_assert_int_eq(kvm_open(), -1);
    ck_assert_int_eq(errno, ENOENT);
}
END_TEST

Suite *test_suite(void)
{
    Suite *suite = suite_create("unit/device_path");
    TCase *tc = tcase_create("device_path");

    tcase_set_timeout(tc, 5);
    tcase_add_test(tc, default_is_dev_kvm);
    tcase_add_test(tc, KVM101_DEVICE_overrides_it);
    tcase_add_test(tc, empty_KVM101_DEVICE_is_ignored);
    tcase_add_test(tc, kvm_open_opens_the_overriding_path);
    suite_add_tcase(suite, tc);
    return suite;
}
