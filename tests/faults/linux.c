/*
 * Fault tests for chapter 12: a --kernel that is not a bzImage, speaks a
 * protocol older than 2.06 or has no 64-bit entry; a command line or an
 * initramfs that does not fit; bad options. Each: one clear line on
 * stderr and the documented exit code (1, or 2 for usage), with nothing
 * booted. The kernel files are fake: a few header bytes, as the loader's
 * unit tests make them.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"

#define CHAPTER "12-linux"

static void run(struct process *p, const char *arg1, const char *arg2,
                const char *arg3, const char *arg4)
{
    const char *argv[] = {chapter_path(CHAPTER), arg1, arg2, arg3, arg4,
                          NULL};

    unsetenv("KVM101_DEVICE");
    ck_assert_int_eq(process_run(p, argv, NULL, 30), 0);
    ck_assert_msg(!p->timed_out && p->signal == 0, "did not exit by itself");
}

static void assert_one_line(const struct process *p, int code,
                            const char *part)
{
    ck_assert_msg(p->exit_code == code, "exit %d, expected %d; stderr:\n%s",
                  p->exit_code, code, p->err);
    ck_assert_msg(count_occurrences(p->err, "\n") == 1,
                  "expected one line on stderr, got:\n%s", p->err);
    ck_assert_msg(strstr(p->err, part), "stderr '%s' lacks '%s'", p->err,
                  part);
    ck_assert_msg(!strstr(p->out, "guest>"), "something booted:\n%s", p->out);
}

/* A fake bzImage with protocol `version` and `xloadflags`, in a temporary
 * file whose path is returned (a static buffer). */
static const char *fake_kernel(unsigned version, unsigned xloadflags)
{
    static char path[] = "/tmp/kvm101-kernel-XXXXXX";
    static unsigned char image[16384];
    int fd;

    strcpy(path, "/tmp/kvm101-kernel-XXXXXX");
    memset(image, 0, sizeof(image));
    image[0x1f1] = 4;                          /* setup_sects */
    image[0x1fe] = 0x55, image[0x1ff] = 0xaa;  /* boot_flag */
    image[0x201] = 0x6a;                       /* the header's length */
    memcpy(image + 0x202, "HdrS", 4);
    image[0x206] = version, image[0x207] = version >> 8;
    image[0x236] = xloadflags;
    image[0x238] = 0xff, image[0x239] = 0x07;  /* cmdline_size 2047 */
    image[0x22c] = 0xff, image[0x22d] = 0xff, image[0x22e] = 0xff,
    image[0x22f] = 0x7f;                       /* initrd_addr_max */
    image[0x25a] = 0x00, image[0x25b] = 0x01;  /* pref_address 16 MiB */
    image[0x262] = 0x00, image[0x263] = 0x02;  /* init_size 32 MiB */
    fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, image, sizeof(image)), sizeof(image));
    close(fd);
    return path;
}

START_TEST(not_a_bzimage)
{
    struct process p;

    char expected[512];

    /* The chapter's own program: an ELF file, not a kernel. */
    run(&p, "--kernel", chapter_path(CHAPTER), NULL, NULL);
    snprintf(expected, sizeof(expected), "12-linux: %s is not a Linux "
             "bzImage", chapter_path(CHAPTER));
    assert_one_line(&p, 1, expected);
    process_free(&p);
}
END_TEST

START_TEST(a_kernel_file_that_is_not_there)
{
    struct process p;

    run(&p, "--kernel", "/nonexistent/vmlinuz", NULL, NULL);
    assert_one_line(&p, 1, "12-linux: --kernel /nonexistent/vmlinuz: No such "
                           "file or directory — check the file name");
    process_free(&p);
}
END_TEST

START_TEST(protocol_older_than_2_06)
{
    const char *path = fake_kernel(0x0205, 0);
    struct process p;

    run(&p, "--kernel", path, NULL, NULL);
    assert_one_line(&p, 1, "speaks boot protocol 2.05 — this loader needs "
                           "protocol 2.06 or later");
    unlink(path);
    process_free(&p);
}
END_TEST

START_TEST(no_64_bit_entry)
{
    const char *path = fake_kernel(0x020f, 0); /* no XLF_KERNEL_64 */
    struct process p;

    run(&p, "--kernel", path, NULL, NULL);
    assert_one_line(&p, 1, "has no 64-bit entry point (protocol 2.15)");
    unlink(path);
    process_free(&p);
}
END_TEST

START_TEST(command_line_too_long)
{
    const char *path = fake_kernel(0x020f, 1);
    static char cmdline[3000];
    struct process p;

    REQUIRE_KVM(); /* the loader checks it with the machine made */
    memset(cmdline, 'a', sizeof(cmdline) - 1);
    run(&p, "--kernel", path, "--cmdline", cmdline);
    assert_one_line(&p, 1, "12-linux: the command line is longer than this "
                           "kernel's 2047 bytes — shorten it");
    unlink(path);
    process_free(&p);
}
END_TEST

START_TEST(initramfs_too_large)
{
    const char *path = fake_kernel(0x020f, 1);
    char initrd[] = "/tmp/kvm101-initrd-XXXXXX";
    int fd = mkstemp(initrd);
    struct process p;

    REQUIRE_KVM();
    /* 220 MiB (sparse): the kernel's 16 + 32 MiB leave 208 of 256. */
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(ftruncate(fd, 220 << 20), 0);
    close(fd);
    run(&p, "--kernel", path, "--initrd", initrd);
    assert_one_line(&p, 1, "12-linux: the initramfs does not fit in memory "
                           "beside the kernel");
    unlink(path);
    unlink(initrd);
    process_free(&p);
}
END_TEST

START_TEST(bad_options_exit_2)
{
    struct process p;

    run(&p, "--bogus", NULL, NULL, NULL);
    assert_one_line(&p, 2, "unknown option '--bogus'");
    process_free(&p);
    run(&p, "--kernel", NULL, NULL, NULL);
    assert_one_line(&p, 2, "missing value after '--kernel'");
    process_free(&p);
    run(&p, "--guest", "x", NULL, NULL);
    assert_one_line(&p, 2, "use --kernel FILE");
    process_free(&p);
    run(&p, "--timeout", "0", NULL, NULL);
    assert_one_line(&p, 2, "--timeout takes seconds");
    process_free(&p);
}
END_TEST

Suite *test_suite(void)
{
    Suite *suite = suite_create("faults/linux");
    TCase *tc = tcase_create("linux");

    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, not_a_bzimage);
    tcase_add_test(tc, a_kernel_file_that_is_not_there);
    tcase_add_test(tc, protocol_older_than_2_06);
    tcase_add_test(tc, no_64_bit_entry);
    tcase_add_test(tc, command_line_too_long);
    tcase_add_test(tc, initramfs_too_large);
    tcase_add_test(tc, bad_options_exit_2);
    suite_add_tcase(suite, tc);
    return suite;
}
