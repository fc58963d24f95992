/*
 * The test of exercise 01.3, open and check, leaving nothing behind: opens
 * the real device, a missing file and /dev/null, and counts this process's
 * open fds around the failures.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "harness.h"
#include "kvm.h"

int kvm_open_checked(const char *path);

/* Open the device (KVM101_DEVICE or /dev/kvm) with kvm_open_checked(). */
static int open_device(void)
{
    int fd;

    errno = 0;
    fd = kvm_open_checked(kvm_device_path());
    ck_assert_msg(fd >= 0, "kvm_open_checked(\"%s\") returned %d (%s)",
                  kvm_device_path(), fd,
                  errno ? strerror(errno) : "errno not set");
    return fd;
}

START_TEST(the_kvm_device_opens_and_speaks_version_12)
{
    int fd, version;

    REQUIRE_KVM();
    fd = open_device();
    version = ioctl(fd, KVM_GET_API_VERSION, 0);
    ck_assert_msg(version == KVM_STABLE_API_VERSION,
                  "KVM_GET_API_VERSION on the fd it returned gives %d "
                  "(expected 12)",
                  version);
    close(fd);
}
END_TEST

START_TEST(the_fd_is_open_for_reading_and_writing)
{
    int fd, flags;

    REQUIRE_KVM();
    fd = open_device();
    flags = fcntl(fd, F_GETFL);
    ck_assert_msg((flags & O_ACCMODE) == O_RDWR,
                  "the fd's access mode is %d, not O_RDWR (%d)",
                  flags & O_ACCMODE, O_RDWR);
    close(fd);
}
END_TEST

START_TEST(the_fd_is_closed_on_exec)
{
    int fd, flags;

    REQUIRE_KVM();
    fd = open_device();
    flags = fcntl(fd, F_GETFD);
    ck_assert_msg(flags >= 0 && (flags & FD_CLOEXEC),
                  "the fd is not close-on-exec: a program started later "
                  "inherits it (open it with O_CLOEXEC)");
    close(fd);
}
END_TEST

START_TEST(a_missing_file_is_enoent)
{
    int fd;

    errno = 0;
    fd = kvm_open_checked("/nonexistent/kvm");
    ck_assert_msg(fd == -1,
                  "kvm_open_checked(\"/nonexistent/kvm\") returned %d, "
                  "expected -1",
                  fd);
    ck_assert_msg(errno == ENOENT, "errno is %d (%s), expected ENOENT", errno,
                  errno ? strerror(errno) : "not set");
}
END_TEST

START_TEST(a_file_that_is_not_kvm_is_enotty)
{
    int fd;

    errno = 0;
    fd = kvm_open_checked("/dev/null");
    ck_assert_msg(fd == -1,
                  "kvm_open_checked(\"/dev/null\") returned %d, "
                  "expected -1: /dev/null is not KVM",
                  fd);
    ck_assert_msg(errno == ENOTTY, "errno is %d (%s), expected ENOTTY", errno,
                  errno ? strerror(errno) : "not set");
}
END_TEST

START_TEST(a_failure_leaves_no_fd_open)
{
    int before = harness_open_fds();
    int after;

    for (int i = 0; i < 3; i++) {
        kvm_open_checked("/dev/null");
        kvm_open_checked("/nonexistent/kvm");
    }
    after = harness_open_fds();
    ck_assert_msg(after == before,
                  "%d fds were open before 3 failed calls on /dev/null and "
                  "3 on a missing file, %d after: a failure must close the "
                  "fd it opened",
                  before, after);
}
END_TEST

Suite *test_suite(void)
{
    Suite *suite = suite_create("exercise 01.3");

    exercise_check(suite, "the KVM device opens and speaks version 12",
                   the_kvm_device_opens_and_speaks_version_12);
    exercise_check(suite, "the fd is open for reading and writing",
                   the_fd_is_open_for_reading_and_writing);
    exercise_check(suite, "the fd is closed on exec (not inherited)",
                   the_fd_is_closed_on_exec);
    exercise_check(suite, "a missing file: -1 with errno ENOENT",
                   a_missing_file_is_enoent);
    exercise_check(suite, "a file that is not KVM: -1 with errno ENOTTY",
                   a_file_that_is_not_kvm_is_enotty);
    exercise_check(suite, "a failure leaves no fd open",
                   a_failure_leaves_no_fd_open);
    return suite;
}
