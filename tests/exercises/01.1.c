/*
 * The test of exercise 01.1, count the missing capabilities: asks this
 * host's KVM about lists whose answer is known, and about an fd that is
 * not KVM at all.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "kvm.h"

int count_missing(int kvm_fd, const long *capabilities, size_t count);

/* Numbers far above every KVM_CAP_ that exists (there are a few hundred):
 * every kernel answers 0, "no such capability". */
#define NO_SUCH_CAPABILITY_1 100000
#define NO_SUCH_CAPABILITY_2 100001

#define COUNT(array) (sizeof(array) / sizeof((array)[0]))

static int open_kvm(void)
{
    int fd = kvm_open();

    ck_assert_msg(fd >= 0, "open %s: %s", kvm_device_path(), strerror(errno));
    return fd;
}

START_TEST(yes_or_no_capabilities_every_kvm_has)
{
    const long present[] = {KVM_CAP_USER_MEMORY, KVM_CAP_SET_TSS_ADDR,
                            KVM_CAP_EXT_CPUID};
    int fd, missing;

    REQUIRE_KVM();
    fd = open_kvm();
    missing = count_missing(fd, present, COUNT(present));
    ck_assert_msg(missing == 0,
                  "count_missing() says %d of {USER_MEMORY, SET_TSS_ADDR, "
                  "EXT_CPUID} are missing; this KVM has all 3 (expected 0)",
                  missing);
    close(fd);
}
END_TEST

START_TEST(capabilities_that_answer_a_number_are_present)
{
    const long present[] = {KVM_CAP_SYNC_REGS, KVM_CAP_MAX_VCPUS};
    int fd, missing;

    REQUIRE_KVM();
    fd = open_kvm();
    missing = count_missing(fd, present, COUNT(present));
    ck_assert_msg(missing == 0,
                  "count_missing() says %d of {SYNC_REGS, MAX_VCPUS} are "
                  "missing, but KVM answers %d and %d for them: any answer "
                  "above 0 means present (expected 0)",
                  missing, kvm_check_extension(fd, KVM_CAP_SYNC_REGS),
                  kvm_check_extension(fd, KVM_CAP_MAX_VCPUS));
    close(fd);
}
END_TEST

START_TEST(capabilities_no_kernel_has_are_missing)
{
    const long some[] = {NO_SUCH_CAPABILITY_1, KVM_CAP_USER_MEMORY,
                         NO_SUCH_CAPABILITY_2};
    int fd, missing;

    REQUIRE_KVM();
    fd = open_kvm();
    missing = count_missing(fd, some, COUNT(some));
    ck_assert_msg(missing == 2,
                  "count_missing() says %d of {100000, USER_MEMORY, 100001} "
                  "are missing (expected 2: no kernel has 100000 or 100001)",
                  missing);
    missing = count_missing(fd, some, 1);
    ck_assert_msg(missing == 1,
                  "count_missing() of just {100000} says %d (expected 1)",
                  missing);
    missing = count_missing(fd, some, 0);
    ck_assert_msg(missing == 0,
                  "count_missing() of an empty list says %d (expected 0)",
                  missing);
    close(fd);
}
END_TEST

START_TEST(an_fd_that_is_not_kvm_is_an_error)
{
    const long some[] = {KVM_CAP_USER_MEMORY, KVM_CAP_SYNC_REGS};
    int fd = open("/dev/null", O_RDWR | O_CLOEXEC);
    int missing;

    ck_assert_msg(fd >= 0, "open /dev/null: %s", strerror(errno));
    errno = 0;
    missing = count_missing(fd, some, COUNT(some));
    ck_assert_msg(missing == -1,
                  "count_missing() on /dev/null says %d missing; "
                  "KVM_CHECK_EXTENSION fails there, so expected -1",
                  missing);
    ck_assert_msg(errno == ENOTTY, "errno is %d (%s), expected ENOTTY", errno,
                  strerror(errno));
    close(fd);
}
END_TEST

Suite *test_suite(void)
{
    Suite *suite = suite_create("exercise 01.1");

    exercise_check(suite, "yes/no capabilities every KVM has are present",
                   yes_or_no_capabilities_every_kvm_has);
    exercise_check(suite, "capabilities that answer a number are present",
                   capabilities_that_answer_a_number_are_present);
    exercise_check(suite, "capabilities no kernel has are missing",
                   capabilities_no_kernel_has_are_missing);
    exercise_check(suite, "an fd that is not KVM is an error, with ENOTTY",
                   an_fd_that_is_not_kvm_is_an_error);
    return suite;
}
