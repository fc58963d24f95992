/*
 * The test of exercise 12.2, tell the guest the terminal's size: checks
 * size_words() on sizes worked out by hand, refuses what does not fit or
 * cannot be, and builds a whole command line with it that chapter 12's
 * loader takes (common/linux_boot.c's limit: the kernel's cmdline_size).
 */
#include <string.h>

#include "harness.h"

int size_words(unsigned rows, unsigned cols, char *text, size_t size);

START_TEST(the_words)
{
    char text[64];

    memset(text, 'x', sizeof(text));
    ck_assert_int_eq(size_words(24, 80, text, sizeof(text)), 29);
    ck_assert_str_eq(text, "kvm101.rows=24 kvm101.cols=80");
    ck_assert_int_eq(size_words(50, 132, text, sizeof(text)), 30);
    ck_assert_str_eq(text, "kvm101.rows=50 kvm101.cols=132");
}
END_TEST

START_TEST(refuses_what_does_not_fit_or_cannot_be)
{
    char text[30]; /* one byte short for 50x132 with its NUL */

    ck_assert_msg(size_words(50, 132, text, sizeof(text)) == -1,
                  "30 bytes cannot hold \"kvm101.rows=50 kvm101.cols=132\" "
                  "and its NUL: a command line cut short lies");
    ck_assert_msg(size_words(0, 0, text, sizeof(text)) == -1,
                  "a pipe has no size: 0 rows, 0 columns must be refused");
    ck_assert_int_eq(size_words(24, 0, text, sizeof(text)), -1);
}
END_TEST

START_TEST(a_whole_command_line)
{
    const char *base = "console=ttyS0 reboot=k panic=-1 quiet";
    char cmdline[2048];
    size_t used = strlen(base);
    int added;

    memcpy(cmdline, base, used);
    cmdline[used++] = ' ';
    added = size_words(40, 100, cmdline + used, sizeof(cmdline) - used);
    ck_assert_int_eq(added, 30);
    ck_assert_str_eq(cmdline, "console=ttyS0 reboot=k panic=-1 quiet "
                              "kvm101.rows=40 kvm101.cols=100");
}
END_TEST

Suite *test_suite(void)
{
    Suite *suite = suite_create("exercise 12.2");

    exercise_check(suite, "the two words for 24x80 and 50x132", the_words);
    exercise_check(suite, "what does not fit or cannot be is refused",
                   refuses_what_does_not_fit_or_cannot_be);
    exercise_check(suite, "the words end a kernel command line",
                   a_whole_command_line);
    return suite;
}
