/*
 * Fault tests: the chapter binaries pointed at a device that is missing,
 * not KVM, or not ours to open. Each must print one clear line on stderr
 * (what failed, the errno text, a hint) and exit with the documented code.
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"

/* Every chapter in chapters/, filled by harness_chapters(). */
static const char *chapters[32];

/* Run a chapter with no options and KVM101_DEVICE=device. */
static void run_with_device(struct process *p, const char *chapter,
                            const char *device)
{
    char variable[512];
    const char *argv[] = {chapter_path(chapter), NULL};
    const char *environment[] = {variable, NULL};

    snprintf(variable, sizeof(variable), "KVM101_DEVICE=%s", device);
    ck_assert_int_eq(process_run(p, argv, environment, 10), 0);
}

/* Ended by itself with `code`, one line on stderr, no sanitizer report. */
static void assert_one_line(const struct process *p, const char *chapter,
                            int code)
{
    ck_assert_msg(!p->timed_out && p->signal == 0,
                  "%s did not exit by itself (signal %d)", chapter, p->signal);
    ck_assert_msg(p->exit_code == code, "%s: exit %d, expected %d; stderr:\n%s",
                  chapter, p->exit_code, code, p->err);
    ck_assert_msg(count_occurrences(p->err, "\n") == 1 &&
                      p->err[strlen(p->err) - 1] == '\n',
                  "%s: expected one line on stderr, got:\n%s", chapter, p->err);
    /* Meaningful when KVM101_BUILD is a sanitizer build (SAN=1). */
    ck_assert_msg(!strstr(p->err, "Sanitizer") &&
                      !strstr(p->err, "runtime error:"),
                  "%s: sanitizer report:\n%s", chapter, p->err);
}

#define ck_assert_contains(text, part)                                         \
    ck_assert_msg(strstr((text), (part)), "'%s' does not contain '%s'",        \
                  (text), (part))

START_TEST(missing_device_exits_77_and_blames_KVM101_DEVICE)
{
    for (int i = 0, n = harness_chapters(chapters, 32); i < n; i++) {
        struct process p;
        char expected[512];

        run_with_device(&p, chapters[i], "/nonexistent/kvm");
        assert_one_line(&p, chapters[i], 77);
        snprintf(expected, sizeof(expected),
                 "%s: open /nonexistent/kvm: No such file or directory — "
                 "KVM101_DEVICE names a device that is not there; unset it "
                 "to use /dev/kvm\n",
                 chapters[i]);
        ck_assert_str_eq(p.err, expected);
        ck_assert_str_eq(p.out, "");
        process_free(&p);
    }
}
END_TEST

/* Opening works, but the first KVM ioctl fails with ENOTTY. */
static void assert_not_a_kvm_device(const char *device)
{
    for (int i = 0, n = harness_chapters(chapters, 32); i < n; i++) {
        struct process p;

        run_with_device(&p, chapters[i], device);
        assert_one_line(&p, chapters[i], 1);
        ck_assert_contains(p.err, chapters[i]);
        ck_assert_contains(p.err, ": KVM_GET_API_VERSION");
        ck_assert_contains(p.err, ": Inappropriate ioctl for device — ");
        ck_assert_contains(p.err, "this is not a KVM device; point "
                                  "KVM101_DEVICE at /dev/kvm or unset it");
        process_free(&p);
    }
}

START_TEST(dev_null_is_not_a_kvm_device)
{
    assert_not_a_kvm_device("/dev/null");
}
END_TEST

START_TEST(regular_file_is_not_a_kvm_device)
{
    char path[] = "/tmp/kvm101-not-kvm-XXXXXX";
    int fd = mkstemp(path);

    ck_assert_int_ge(fd, 0);
    close(fd);
    assert_not_a_kvm_device(path);
    unlink(path);
}
END_TEST

/* --- /dev/kvm opened by someone outside the kvm group ----------------- */

#define NOBODY      65534
#define EXEC_DENIED 126 /* the child could not run the chapter as nobody */

/* Read a capture file back into a new string. */
static char *read_back(FILE *file)
{
    char *text = calloc(1, 4096);
    size_t length;

    rewind(file);
    length = fread(text, 1, 4095, file);
    text[length] = '\0';
    fclose(file);
    return text;
}

/* Run a chapter as uid/gid 65534 with no supplementary groups, the way a
 * user who is not in the kvm group runs it. Needs root to switch. */
static void run_as_nobody(struct process *p, const char *chapter)
{
    const char *path = chapter_path(chapter);
    FILE *out = tmpfile(), *err = tmpfile();
    int status;
    pid_t pid;

    ck_assert_ptr_nonnull(out);
    ck_assert_ptr_nonnull(err);
    fflush(NULL);
    pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        dup2(fileno(out), STDOUT_FILENO);
        dup2(fileno(err), STDERR_FILENO);
        unsetenv("KVM101_DEVICE");
        /* Groups first: after setresuid we could no longer change them. */
        if (setgroups(0, NULL) < 0 || setresgid(NOBODY, NOBODY, NOBODY) < 0 ||
            setresuid(NOBODY, NOBODY, NOBODY) < 0) {
            fprintf(stderr, "cannot drop privileges: %s\n", strerror(errno));
            _exit(125);
        }
        execl(path, path, (char *)NULL);
        _exit(errno == EACCES ? EXEC_DENIED : 127);
    }
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    *p = (struct process){.exit_code = -1};
    if (WIFEXITED(status))
        p->exit_code = WEXITSTATUS(status);
    if (WIFSIGNALED(status))
        p->signal = WTERMSIG(status);
    p->out = read_back(out);
    p->err = read_back(err);
}

/* Joining the kvm group helps only where a group named kvm owns the
 * device with read and write access: decided by the device's identity. */
static bool kvm_group_owns(const struct stat *device)
{
    const struct group *kvm = getgrnam("kvm");

    return kvm && device->st_gid == kvm->gr_gid &&
           (device->st_mode & (S_IRGRP | S_IWGRP)) == (S_IRGRP | S_IWGRP);
}

START_TEST(user_without_access_is_told_how_to_get_it)
{
    struct stat st;

    REQUIRE_KVM();
    if (geteuid() != 0)
        SKIP_TEST("needs root to switch to uid 65534; as an ordinary user "
                  "the chapters already meet /dev/kvm's real permissions");
    ck_assert_int_eq(stat("/dev/kvm", &st), 0);
    if ((st.st_mode & S_IROTH) && (st.st_mode & S_IWOTH))
        SKIP_TEST("/dev/kvm is open to every user here (mode o+rw): there "
                  "is no permission error to provoke");

    for (int i = 0, n = harness_chapters(chapters, 32); i < n; i++) {
        struct process p;

        run_as_nobody(&p, chapters[i]);
        if (p.exit_code == EXEC_DENIED) {
            process_free(&p);
            SKIP_TEST("uid 65534 cannot execute the chapter binaries (is "
                      "the build directory private?)");
        }
        assert_one_line(&p, chapters[i], 1);
        ck_assert_contains(p.err, ": open /dev/kvm: Permission denied — ");
        if (kvm_group_owns(&st))
            ck_assert_contains(p.err, "add yourself to the kvm group (sudo "
                                      "usermod -aG kvm $USER, then log "
                                      "in again)");
        else
            ck_assert_contains(p.err, "no kvm group gives access to the "
                                      "device here: run as root, or ask "
                                      "an administrator for access");
        ck_assert_str_eq(p.out, "");
        process_free(&p);
    }
}
END_TEST

Suite *test_suite(void)
{
    Suite *suite = suite_create("faults/device");
    TCase *tc = tcase_create("device");

    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, missing_device_exits_77_and_blames_KVM101_DEVICE);
    tcase_add_test(tc, dev_null_is_not_a_kvm_device);
    tcase_add_test(tc, regular_file_is_not_a_kvm_device);
    tcase_add_test(tc, user_without_access_is_told_how_to_get_it);
    suite_add_tcase(suite, tc);
    return suite;
}
