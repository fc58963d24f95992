/*
 * Chapter 03 run as a reader runs it.
 */
#include <stdlib.h>
#include <unistd.h>

#include "chapter.h"

#define CHAPTER "03-real-mode"

START_TEST(guest_output_and_checked_result)
{
    struct process p;

    REQUIRE_KVM();
    run_chapter(&p, CHAPTER, NULL, NULL, NULL);
    ck_assert_int_eq(p.exit_code, 0);
    ck_assert_ptr_nonnull(strstr(p.out, "guest> Hello from real mode!\n"));
    ck_assert_ptr_nonnull(strstr(p.out, "guest> 1 + 2 + ... + 100 = 5050\n"));
    ck_assert_ptr_nonnull(
        strstr(p.out, "host: bx = 5050 (expected 5050): ok\n"));
    ck_assert_ptr_nonnull(strstr(
        p.out, "host: word at 0x0500 = 5050 (expected 5050): ok\n"));
    ck_assert_ptr_nonnull(strstr(p.out, "halted after 48 exits"));
    ck_assert_str_eq(p.err, "");
    process_free(&p);
}
END_TEST

START_TEST(trace_shows_every_exit_decoded)
{
    struct process p;
    const char *last;

    REQUIRE_KVM();
    run_chapter(&p, CHAPTER, "--trace", NULL, NULL);
    ck_assert_int_eq(p.exit_code, 0);
    ck_assert_int_eq(count_occurrences(p.out, "trace: exit "), 48);
    ck_assert_int_eq(count_occurrences(p.out, "KVM_EXIT_IO out port 0x3f8 "
                                              "size 1 count 1 data "),
                     47);
    ck_assert_ptr_nonnull(strstr(p.out, "trace: exit 1 at rip "));
    ck_assert_ptr_nonnull(strstr(p.out, "data \"H\"\n"));
    last = strstr(p.out, "trace: exit 48 at rip ");
    ck_assert_ptr_nonnull(last);
    ck_assert_ptr_nonnull(strstr(last, ": KVM_EXIT_HLT\n"));
    process_free(&p);
}
END_TEST

START_TEST(another_guest_runs_without_result_checks)
{
    char path[] = "/tmp/kvm101-guest-XXXXXX";
    int fd = mkstemp(path);
    struct process p;

    REQUIRE_KVM();
    /* mov al,'!'; mov dx,0x3f8; out dx,al; mov al,10; out dx,al; hlt */
    static const unsigned char program[] = {0xb0, '!',  0xba, 0xf8, 0x03,
                                            0xee, 0xb0, 0x0a, 0xee, 0xf4};
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, program, sizeof(program)), sizeof(program));
    close(fd);
    run_chapter(&p, CHAPTER, "--guest", path, NULL);
    unlink(path);
    ck_assert_int_eq(p.exit_code, 0);
    ck_assert_ptr_nonnull(strstr(p.out, "(10 bytes) at 0x1000"));
    ck_assert_ptr_nonnull(strstr(p.out, "guest> !\n"));
    ck_assert_ptr_nonnull(strstr(p.out, "halted after 3 exits\n"));
    ck_assert_ptr_null(strstr(p.out, "expected 5050"));
    process_free(&p);
}
END_TEST

START_TEST(help_documents_the_guest_format)
{
    struct process p;

    run_chapter(&p, CHAPTER, "--help", NULL, NULL);
    ck_assert_int_eq(p.exit_code, 0);
    ck_assert_ptr_nonnull(strstr(p.out, "--guest FILE"));
    ck_assert_ptr_nonnull(strstr(p.out, "--timeout S"));
    ck_assert_ptr_nonnull(strstr(p.out, "loaded at 0x1000"));
    ck_assert_ptr_nonnull(strstr(p.out, "0000:1000"));
    process_free(&p);
}
END_TEST

Suite *test_suite(void)
{
    const TTest *const tests[] = {
        guest_output_and_checked_result,
        trace_shows_every_exit_decoded,
        another_guest_runs_without_result_checks,
        help_documents_the_guest_format,
        NULL,
    };

    return chapter_suite(CHAPTER, tests);
}
