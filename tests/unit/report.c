/*
 * Unit tests for common/report.c: the hint and exit code for every errno a
 * chapter can meet, and the one line report_error() and friends print.
 * No KVM: the device path only matters as text here.
 */
#include <errno.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"
#include "report.h"

/* The hint for err in step; fails the test when there is none. */
static const char *hint(int err, const char *step)
{
    const char *text = report_hint(err, step);

    ck_assert_msg(text, "no hint for errno %d in step '%s'", err, step);
    return text;
}

#define ck_assert_contains(text, part)                                         \
    ck_assert_msg(strstr((text), (part)), "'%s' does not contain '%s'",        \
                  (text), (part))

/* --- what can be wrong with the device -------------------------------- */

START_TEST(missing_dev_kvm_says_how_to_get_kvm)
{
    /* ENXIO and ENODEV: the device node exists but no driver is behind it
     * (module unloaded): the same advice. */
    int errors[] = {ENOENT, ENXIO, ENODEV};

    unsetenv("KVM101_DEVICE");
    for (size_t i = 0; i < sizeof(errors) / sizeof(errors[0]); i++) {
        const char *text = hint(errors[i], "open /dev/kvm");

        ck_assert_contains(text, "KVM is not available");
        ck_assert_contains(text, "modprobe kvm_intel");
        ck_assert_contains(text, "nested virtualization");
        ck_assert_int_eq(report_exit_code(errors[i], "open /dev/kvm"),
                         EXIT_HOST_CANNOT);
    }
}
END_TEST

START_TEST(missing_KVM101_DEVICE_blames_the_variable)
{
    setenv("KVM101_DEVICE", "/nonexistent/kvm", 1);
    ck_assert_str_eq(hint(ENOENT, "open /nonexistent/kvm"),
                     "KVM101_DEVICE names a device that is not there; "
                     "unset it to use /dev/kvm");
    ck_assert_int_eq(report_exit_code(ENOENT, "open /nonexistent/kvm"),
                     EXIT_HOST_CANNOT);
}
END_TEST

/* With KVM101_DEVICE set, /dev/kvm is just some other path. */
START_TEST(with_KVM101_DEVICE_set_dev_kvm_is_not_the_device)
{
    setenv("KVM101_DEVICE", "/tmp/my-kvm", 1);
    ck_assert_str_eq(hint(ENOENT, "open /dev/kvm"), "check the file name");
    ck_assert_int_eq(report_exit_code(ENOENT, "open /dev/kvm"), EXIT_ERROR);
}
END_TEST

START_TEST(empty_KVM101_DEVICE_counts_as_unset)
{
    setenv("KVM101_DEVICE", "", 1);
    ck_assert_contains(hint(ENOENT, "open /dev/kvm"), "KVM is not available");
    ck_assert_int_eq(report_exit_code(ENOENT, "open /dev/kvm"),
                     EXIT_HOST_CANNOT);
}
END_TEST

#define JOIN_KVM_GROUP                                                         \
    "add yourself to the kvm group (sudo usermod -aG kvm $USER, then log "   \
    "in again)"
#define NO_KVM_GROUP                                                           \
    "no kvm group gives access to the device here: run as root, or ask an "  \
    "administrator for access"

/* A file standing in for the device, owned by our own group (no group
 * named kvm) and mode 0660; KVM101_DEVICE names it. The path is static. */
static const char *stand_in_device(void)
{
    static char path[40];
    int fd;

    strcpy(path, "/tmp/kvm101-device-XXXXXX");
    fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(fchmod(fd, 0660), 0);
    close(fd);
    setenv("KVM101_DEVICE", path, 1);
    return path;
}

START_TEST(no_permission_without_a_kvm_group_says_who_can_open_it)
{
    const struct group *kvm = getgrnam("kvm");
    const char *device = stand_in_device();
    char step[64];

    if (kvm && kvm->gr_gid == getegid()) {
        unlink(device);
        SKIP_TEST("this test runs in the group named kvm, so its file "
                  "belongs to the kvm group");
    }
    snprintf(step, sizeof(step), "open %s", device);
    /* Joining a kvm group would not help: do not suggest it. */
    ck_assert_str_eq(hint(EACCES, step), NO_KVM_GROUP);
    ck_assert_str_eq(hint(EPERM, step), NO_KVM_GROUP);
    ck_assert_int_eq(report_exit_code(EACCES, step), EXIT_ERROR);
    unlink(device);
}
END_TEST

START_TEST(no_permission_on_a_kvm_group_device_points_at_the_kvm_group)
{
    const struct group *kvm = getgrnam("kvm");
    const char *device;
    char step[64];

    if (!kvm)
        SKIP_TEST("there is no group named kvm on this host");
    if (geteuid() != 0)
        SKIP_TEST("needs root to give a file to the kvm group");
    device = stand_in_device();
    snprintf(step, sizeof(step), "open %s", device);
    ck_assert_int_eq(chown(device, -1, kvm->gr_gid), 0);
    ck_assert_str_eq(hint(EACCES, step), JOIN_KVM_GROUP);
    ck_assert_str_eq(hint(EPERM, step), JOIN_KVM_GROUP);
    /* Group access is what the group would give: without it, no hint to
     * join. */
    ck_assert_int_eq(chmod(device, 0600), 0);
    ck_assert_str_eq(hint(EACCES, step), NO_KVM_GROUP);
    unlink(device);
}
END_TEST

START_TEST(not_a_kvm_device)
{
    ck_assert_str_eq(hint(ENOTTY, "KVM_GET_API_VERSION"),
                     "this is not a KVM device; point KVM101_DEVICE at "
                     "/dev/kvm or unset it");
    ck_assert_int_eq(report_exit_code(ENOTTY, "KVM_GET_API_VERSION"),
                     EXIT_ERROR);
}
END_TEST

START_TEST(wrong_api_version_is_a_host_limit)
{
    ck_assert_contains(hint(EPROTONOSUPPORT, "KVM_GET_API_VERSION returned 11"),
                       "API version 12");
    ck_assert_int_eq(
        report_exit_code(EPROTONOSUPPORT, "KVM_GET_API_VERSION returned 11"),
        EXIT_HOST_CANNOT);
}
END_TEST

START_TEST(missing_capability_is_a_host_limit)
{
    ck_assert_contains(hint(EOPNOTSUPP, "KVM_CAP_SYNC_REGS"), "Linux 4.17");
    ck_assert_int_eq(report_exit_code(EOPNOTSUPP, "KVM_CAP_SYNC_REGS"),
                     EXIT_HOST_CANNOT);
}
END_TEST

START_TEST(busy_and_out_of_memory)
{
    ck_assert_contains(hint(EBUSY, "KVM_CREATE_VM"), "another hypervisor");
    ck_assert_int_eq(report_exit_code(EBUSY, "KVM_CREATE_VM"), EXIT_ERROR);
    ck_assert_contains(hint(ENOMEM, "KVM_SET_USER_MEMORY_REGION"),
                       "could not give the guest that much memory");
    ck_assert_int_eq(report_exit_code(ENOMEM, "KVM_SET_USER_MEMORY_REGION"),
                     EXIT_ERROR);
}
END_TEST

/* --- what can be wrong with a --guest file ------------------------------ */

START_TEST(guest_file_errors_are_about_the_file_not_kvm)
{
    unsetenv("KVM101_DEVICE");
    ck_assert_str_eq(hint(ENOENT, "--guest x.bin"), "check the file name");
    ck_assert_str_eq(hint(EACCES, "--guest x.bin"),
                     "check the file's permissions");
    ck_assert_str_eq(hint(EPERM, "--guest x.bin"),
                     "check the file's permissions");
    ck_assert_str_eq(hint(EISDIR, "--guest /tmp"),
                     "give the path of a file, not a directory");
    ck_assert_str_eq(hint(ENOEXEC, "--guest empty.bin"),
                     "the image is empty; build a flat binary with "
                     "objcopy -O binary");
    ck_assert_contains(hint(EFBIG, "--guest big.bin"), "larger than the guest");
    /* A missing guest file is the reader's mistake, not a host limit. */
    ck_assert_int_eq(report_exit_code(ENOENT, "--guest x.bin"), EXIT_ERROR);
    ck_assert_int_eq(report_exit_code(EISDIR, "--guest /tmp"), EXIT_ERROR);
    ck_assert_int_eq(report_exit_code(EFBIG, "--guest big.bin"), EXIT_ERROR);
}
END_TEST

START_TEST(errors_without_advice_have_no_hint)
{
    ck_assert_ptr_null(report_hint(0, "KVM_RUN"));
    ck_assert_int_eq(report_exit_code(EINVAL, "KVM_SET_REGS"), EXIT_ERROR);
}
END_TEST

/* Every errno a reader has met has a hint saying what to do. */
START_TEST(the_rarer_errors_have_hints_too)
{
    unsetenv("KVM101_DEVICE");
    ck_assert_contains(hint(ELOOP, "--guest loop.bin"), "symbolic link");
    ck_assert_contains(hint(EIO, "KVM_RUN"), "dmesg");
    ck_assert_contains(hint(ENAMETOOLONG, "--guest x"), "shorter");
    ck_assert_contains(hint(ENOTDIR, "--guest a/b"), "directory");
    ck_assert_contains(hint(EMFILE, "KVM_CREATE_VM"), "ulimit -n");
    ck_assert_contains(hint(ENFILE, "KVM_CREATE_VM"), "open files");
    ck_assert_contains(hint(EINVAL, "KVM_SET_REGS"), "--trace");
    ck_assert_contains(hint(EPROTO, "KVM_GET_VCPU_MMAP_SIZE"), "kvm_run");
    /* KVM101_DEVICE=/dev/random: its driver answers KVM's first ioctl
     * with EINVAL, as another device would with ENOTTY. */
    ck_assert_contains(hint(EINVAL, "KVM_GET_API_VERSION"),
                       "not a KVM device");
}
END_TEST

/* Which step failed decides, not what its text contains: a --guest path
 * that happens to contain the device's path is still a guest file. */
START_TEST(a_guest_path_containing_dev_kvm_is_still_a_file)
{
    unsetenv("KVM101_DEVICE");
    ck_assert_str_eq(hint(ENOENT, "--guest /tmp/dev/kvm"),
                     "check the file name");
    ck_assert_int_eq(report_exit_code(ENOENT, "--guest /tmp/dev/kvm"),
                     EXIT_ERROR);
    ck_assert_int_eq(report_exit_code(ENOENT, "--guest /dev/kvm.bin"),
                     EXIT_ERROR);
}
END_TEST

/* --- the printed line ------------------------------------------------- */

/* Everything written to stderr between capture_start and capture_end. */
static int saved_stderr = -1;
static FILE *captured;

static void capture_start(void)
{
    fflush(stderr);
    captured = tmpfile();
    ck_assert_ptr_nonnull(captured);
    saved_stderr = dup(STDERR_FILENO);
    dup2(fileno(captured), STDERR_FILENO);
}

static char *capture_end(void)
{
    static char text[2048];
    size_t length;

    fflush(stderr);
    dup2(saved_stderr, STDERR_FILENO);
    close(saved_stderr);
    rewind(captured);
    length = fread(text, 1, sizeof(text) - 1, captured);
    text[length] = '\0';
    fclose(captured);
    return text;
}

/* "<this program>: <rest>" */
static const char *line(const char *rest)
{
    static char text[1024];

    snprintf(text, sizeof(text), "%s: %s", program_invocation_short_name, rest);
    return text;
}

/* A device path longer than any fixed buffer is still recognised. */
START_TEST(a_very_long_device_path_is_still_the_device)
{
    static char path[1200], step[1300];
    int code;

    memset(path, 'd', sizeof(path) - 1);
    path[0] = '/';
    setenv("KVM101_DEVICE", path, 1);
    snprintf(step, sizeof(step), "open %s", path);
    ck_assert_int_eq(report_exit_code(ENOENT, step), EXIT_HOST_CANNOT);
    capture_start();
    errno = ENOENT;
    code = report_error("open %s", path);
    ck_assert_contains(capture_end(), "KVM101_DEVICE names a device");
    ck_assert_int_eq(code, EXIT_HOST_CANNOT);
    unsetenv("KVM101_DEVICE");
}
END_TEST

START_TEST(report_error_prints_step_errno_text_and_hint)
{
    const char *device = stand_in_device(); /* no kvm group owns it */
    char expected[256];
    int code;

    capture_start();
    errno = EACCES;
    code = report_error("open %s", device);
    snprintf(expected, sizeof(expected),
             "open %s: Permission denied — " NO_KVM_GROUP "\n", device);
    ck_assert_str_eq(capture_end(), line(expected));
    ck_assert_int_eq(code, EXIT_ERROR);
    unlink(device);
}
END_TEST

START_TEST(report_error_returns_77_when_kvm_is_missing)
{
    int code;

    setenv("KVM101_DEVICE", "/nonexistent/kvm", 1);
    capture_start();
    errno = ENOENT;
    code = report_error("open %s", "/nonexistent/kvm");
    ck_assert_str_eq(capture_end(),
                     line("open /nonexistent/kvm: No such file or directory "
                          "— KVM101_DEVICE names a device that is not "
                          "there; unset it to use /dev/kvm\n"));
    ck_assert_int_eq(code, EXIT_HOST_CANNOT);
}
END_TEST

START_TEST(report_error_without_a_hint_has_no_dash)
{
    capture_start();
    errno = EDOM; /* no errno a chapter meets lacks a hint */
    report_error("KVM_SET_SREGS");
    ck_assert_str_eq(capture_end(),
                     line("KVM_SET_SREGS: Numerical argument out of "
                          "domain\n"));
}
END_TEST

START_TEST(report_error_hint_prefers_the_callers_hint)
{
    capture_start();
    errno = EFBIG;
    report_error_hint("it must fit in 61440 bytes", "--guest %s", "big.bin");
    ck_assert_str_eq(capture_end(), line("--guest big.bin: File too large — "
                                         "it must fit in 61440 bytes\n"));
}
END_TEST

START_TEST(report_error_hint_null_falls_back_to_the_table)
{
    capture_start();
    errno = EISDIR;
    report_error_hint(NULL, "--guest %s", "/tmp");
    ck_assert_str_eq(capture_end(),
                     line("--guest /tmp: Is a directory — give the path of a "
                          "file, not a directory\n"));
}
END_TEST

START_TEST(report_problem_and_host_cannot)
{
    const char *name = program_invocation_short_name;
    char expected[512];
    int problem, cannot;

    capture_start();
    problem = report_problem(NULL, "guest stopped with %s", "KVM_EXIT_HLT");
    report_problem("raise --timeout", "guest did not halt within %g s", 0.5);
    cannot = report_host_cannot("this host cannot run %s", "32-bit paging");
    snprintf(expected, sizeof(expected),
             "%s: guest stopped with KVM_EXIT_HLT\n"
             "%s: guest did not halt within 0.5 s — raise --timeout\n"
             "%s: this host cannot run 32-bit paging\n",
             name, name, name);
    ck_assert_str_eq(capture_end(), expected);
    ck_assert_int_eq(problem, EXIT_ERROR);
    ck_assert_int_eq(cannot, EXIT_HOST_CANNOT);
}
END_TEST

Suite *test_suite(void)
{
    Suite *suite = suite_create("unit/report");
    TCase *hints = tcase_create("hints");
    TCase *lines = tcase_create("lines");

    tcase_set_timeout(hints, 5);
    tcase_add_test(hints, missing_dev_kvm_says_how_to_get_kvm);
    tcase_add_test(hints, missing_KVM101_DEVICE_blames_the_variable);
    tcase_add_test(hints, with_KVM101_DEVICE_set_dev_kvm_is_not_the_device);
    tcase_add_test(hints, empty_KVM101_DEVICE_counts_as_unset);
    tcase_add_test(hints,
                   no_permission_without_a_kvm_group_says_who_can_open_it);
    tcase_add_test(
        hints, no_permission_on_a_kvm_group_device_points_at_the_kvm_group);
    tcase_add_test(hints, not_a_kvm_device);
    tcase_add_test(hints, wrong_api_version_is_a_host_limit);
    tcase_add_test(hints, missing_capability_is_a_host_limit);
    tcase_add_test(hints, busy_and_out_of_memory);
    tcase_add_test(hints, guest_file_errors_are_about_the_file_not_kvm);
    tcase_add_test(hints, errors_without_advice_have_no_hint);
    tcase_add_test(hints, the_rarer_errors_have_hints_too);
    tcase_add_test(hints, a_guest_path_containing_dev_kvm_is_still_a_file);
    suite_add_tcase(suite, hints);

    tcase_set_timeout(lines, 5);
    tcase_add_test(lines, report_error_prints_step_errno_text_and_hint);
    tcase_add_test(lines, a_very_long_device_path_is_still_the_device);
    tcase_add_test(lines, report_error_returns_77_when_kvm_is_missing);
    tcase_add_test(lines, report_error_without_a_hint_has_no_dash);
    tcase_add_test(lines, report_error_hint_prefers_the_callers_hint);
    tcase_add_test(lines, report_error_hint_null_falls_back_to_the_table);
    tcase_add_test(lines, report_problem_and_host_cannot);
    suite_add_tcase(suite, lines);
    return suite;
}
