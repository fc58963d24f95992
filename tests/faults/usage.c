/*
 * Fault tests: what a reader types wrong. Unknown options and bad values
 * (exit 2), and --guest files that are missing, empty, too large or a
 * directory (exit 1). Each gives one clear line on stderr.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"

/* 64 KiB of guest memory minus the load address 0x1000 (chapter 03). */
#define LARGEST_GUEST 61440

/* Every chapter in chapters/, filled by harness_chapters(). */
static const char *chapters[32];

/* Run chapter with up to three arguments (NULL-terminated). */
static void run(struct process *p, const char *chapter, const char *arg1,
                const char *arg2, const char *arg3)
{
    const char *argv[] = {chapter_path(chapter), arg1, arg2, arg3, NULL};

    unsetenv("KVM101_DEVICE"); /* faults come from the options alone */
    ck_assert_int_eq(process_run(p, argv, NULL, 10), 0);
}

/* Ended by itself with `code`, one line on stderr containing `part`, no
 * sanitizer report. */
static void assert_one_line(const struct process *p, int code, const char *part)
{
    ck_assert_msg(!p->timed_out && p->signal == 0,
                  "did not exit by itself (signal %d)", p->signal);
    ck_assert_msg(p->exit_code == code, "exit %d, expected %d; stderr:\n%s",
                  p->exit_code, code, p->err);
    ck_assert_msg(count_occurrences(p->err, "\n") == 1 &&
                      p->err[strlen(p->err) - 1] == '\n',
                  "expected one line on stderr, got:\n%s", p->err);
    ck_assert_msg(strstr(p->err, part), "stderr '%s' lacks '%s'", p->err, part);
    /* Meaningful when KVM101_BUILD is a sanitizer build (SAN=1). */
    ck_assert_msg(!strstr(p->err, "Sanitizer") &&
                      !strstr(p->err, "runtime error:"),
                  "sanitizer report:\n%s", p->err);
}

/* A temporary file of `size` bytes: HLT (0xf4) first, zeros after. */
static char *guest_file(size_t size)
{
    static char path[32];
    char *bytes = calloc(1, size + 1);
    int fd;

    strcpy(path, "/tmp/kvm101-guest-XXXXXX");
    fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    bytes[0] = (char)0xf4;
    ck_assert_int_eq(write(fd, bytes, size), (ssize_t)size);
    close(fd);
    free(bytes);
    return path;
}

/* --- options ---------------------------------------------------------- */

START_TEST(unknown_option_exits_2_in_every_chapter)
{
    for (int i = 0, n = harness_chapters(chapters, 32); i < n; i++) {
        struct process p;
        char expected[256];

        run(&p, chapters[i], "--bogus", NULL, NULL);
        snprintf(expected, sizeof(expected),
                 "%s: unknown option '--bogus' — run '%s --help' for the "
                 "options\n",
                 chapters[i], chapters[i]);
        assert_one_line(&p, 2, expected);
        ck_assert_str_eq(p.err, expected);
        ck_assert_str_eq(p.out, "");
        process_free(&p);
    }
}
END_TEST

START_TEST(guest_options_exit_2_in_chapters_without_a_guest)
{
    static const char *const without_guest[] = {"01-hello-kvm",
                                                "02-vm-and-vcpu"};

    for (size_t i = 0; i < 2; i++) {
        struct process p;

        run(&p, without_guest[i], "--guest", "/tmp/x.bin", NULL);
        assert_one_line(&p, 2, "unknown option '--guest'");
        process_free(&p);
        run(&p, without_guest[i], "--timeout", "1", NULL);
        assert_one_line(&p, 2, "unknown option '--timeout'");
        process_free(&p);
    }
}
END_TEST

START_TEST(bad_timeout_exits_2)
{
    struct process p;

    run(&p, "03-real-mode", "--timeout", "abc", NULL);
    assert_one_line(&p, 2,
                    "03-real-mode: --timeout takes seconds "
                    "(0 < S <= 3600), not 'abc'");
    ck_assert_str_eq(p.out, "");
    process_free(&p);
}
END_TEST

START_TEST(missing_value_exits_2)
{
    struct process p;

    run(&p, "03-real-mode", "--guest", NULL, NULL);
    assert_one_line(&p, 2, "missing value after '--guest'");
    process_free(&p);
}
END_TEST

/* --- --guest files ---------------------------------------------------- */

START_TEST(missing_guest_file_exits_1)
{
    struct process p;

    run(&p, "03-real-mode", "--guest", "/nonexistent/guest.bin", NULL);
    /* Exit 1, not 77: the reader's file is missing, not the host's KVM. */
    assert_one_line(&p, 1,
                    "03-real-mode: --guest /nonexistent/guest.bin: No "
                    "such file or directory — check the file name\n");
    ck_assert_str_eq(p.out, "");
    process_free(&p);
}
END_TEST

START_TEST(empty_guest_file_exits_1_and_suggests_objcopy)
{
    struct process p;
    char *path = guest_file(0);

    run(&p, "03-real-mode", "--guest", path, NULL);
    unlink(path);
    assert_one_line(&p, 1,
                    ": Exec format error — the image is empty; "
                    "build a flat binary with objcopy -O binary");
    ck_assert_str_eq(p.out, "");
    process_free(&p);
}
END_TEST

START_TEST(guest_larger_than_memory_exits_1_and_gives_the_limit)
{
    struct process p;
    char *path = guest_file(70000);

    run(&p, "03-real-mode", "--guest", path, NULL);
    unlink(path);
    assert_one_line(&p, 1,
                    ": File too large — it is 70000 bytes, but at most "
                    "61440 bytes fit at 0x1000 in this chapter's guest "
                    "memory");
    ck_assert_str_eq(p.out, "");
    process_free(&p);
}
END_TEST

START_TEST(one_byte_too_many_is_refused)
{
    struct process p;
    char *path = guest_file(LARGEST_GUEST + 1);

    run(&p, "03-real-mode", "--guest", path, NULL);
    unlink(path);
    assert_one_line(&p, 1, "it is 61441 bytes, but at most 61440 bytes fit");
    process_free(&p);
}
END_TEST

START_TEST(largest_guest_that_fits_runs)
{
    /* HLT at 0x1000, then zeros up to the last byte of guest memory. */
    struct process p;
    char *path;

    REQUIRE_KVM();
    path = guest_file(LARGEST_GUEST);
    run(&p, "03-real-mode", "--guest", path, NULL);
    unlink(path);
    ck_assert_msg(p.exit_code == 0, "exit %d; stderr:\n%s", p.exit_code, p.err);
    ck_assert(strstr(p.out, "(61440 bytes) at 0x1000"));
    ck_assert(strstr(p.out, "host: the guest halted after 1 exit\n"));
    ck_assert_str_eq(p.err, "");
    process_free(&p);
}
END_TEST

START_TEST(guest_file_that_is_a_directory_exits_1)
{
    struct process p;

    run(&p, "03-real-mode", "--guest", "/tmp", NULL);
    assert_one_line(&p, 1,
                    "03-real-mode: --guest /tmp: Is a directory — "
                    "give the path of a file, not a directory\n");
    process_free(&p);
}
END_TEST

Suite *test_suite(void)
{
    Suite *suite = suite_create("faults/usage");
    TCase *options = tcase_create("options");
    TCase *files = tcase_create("guest_files");

    tcase_set_timeout(options, 30);
    tcase_add_test(options, unknown_option_exits_2_in_every_chapter);
    tcase_add_test(options, guest_options_exit_2_in_chapters_without_a_guest);
    tcase_add_test(options, bad_timeout_exits_2);
    tcase_add_test(options, missing_value_exits_2);
    suite_add_tcase(suite, options);

    tcase_set_timeout(files, 30);
    tcase_add_test(files, missing_guest_file_exits_1);
    tcase_add_test(files, empty_guest_file_exits_1_and_suggests_objcopy);
    tcase_add_test(files, guest_larger_than_memory_exits_1_and_gives_the_limit);
    tcase_add_test(files, one_byte_too_many_is_refused);
    tcase_add_test(files, largest_guest_that_fits_runs);
    tcase_add_test(files, guest_file_that_is_a_directory_exits_1);
    suite_add_tcase(suite, files);
    return suite;
}
