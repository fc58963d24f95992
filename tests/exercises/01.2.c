/*
 * The test of exercise 01.2, name the bits of KVM_CAP_SYNC_REGS: decodes
 * hand-picked masks, checks that a small buffer is never overrun, and
 * decodes what this host's KVM answers.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "kvm.h"

char *sync_regs_names(char *buf, size_t size, unsigned long mask);

/* Decode mask into a roomy buffer and compare with what is expected. */
static void expect_names(unsigned long mask, const char *expected)
{
    char buf[128];
    char *result;

    memset(buf, 'Z', sizeof(buf));
    result = sync_regs_names(buf, sizeof(buf), mask);
    ck_assert_msg(result == buf, "sync_regs_names() did not return buf");
    ck_assert_msg(memchr(buf, '\0', sizeof(buf)) != NULL,
                  "for %#lx the text does not end in a NUL", mask);
    ck_assert_msg(strcmp(buf, expected) == 0,
                  "for %#lx: \"%s\", expected \"%s\"", mask, buf, expected);
}

START_TEST(seven_is_regs_sregs_events)
{
    expect_names(7, "regs sregs events");
}
END_TEST

START_TEST(each_bit_has_its_word)
{
    expect_names(KVM_SYNC_X86_REGS, "regs");
    expect_names(KVM_SYNC_X86_SREGS, "sregs");
    expect_names(KVM_SYNC_X86_EVENTS, "events");
    expect_names(KVM_SYNC_X86_REGS | KVM_SYNC_X86_EVENTS, "regs events");
}
END_TEST

START_TEST(no_bits_is_a_dash)
{
    expect_names(0, "-");
}
END_TEST

START_TEST(unnamed_bits_appear_as_one_number)
{
    expect_names(0x19, "regs 0x18");
    expect_names(0x8, "0x8");
    expect_names(0xff, "regs sregs events 0xf8");
}
END_TEST

START_TEST(a_small_buffer_is_cut_short_not_overrun)
{
    char buf[32];

    memset(buf, 'Z', sizeof(buf));
    sync_regs_names(buf, 8, 7);
    ck_assert_msg(memchr(buf, '\0', 8) != NULL,
                  "with size 8 there is no NUL in the first 8 bytes");
    ck_assert_msg(buf[8] == 'Z',
                  "with size 8 it wrote to buf[8]: past the end");
    ck_assert_msg(strcmp(buf, "regs sr") == 0,
                  "with size 8: \"%s\", expected \"regs sr\" (the first 7 "
                  "characters of \"regs sregs events\")",
                  buf);
    memset(buf, 'Z', sizeof(buf));
    sync_regs_names(buf, 1, 0x19);
    ck_assert_msg(buf[0] == '\0' && buf[1] == 'Z',
                  "with size 1 the only byte it may write is the NUL");
}
END_TEST

START_TEST(this_hosts_answer_has_a_word_for_every_bit)
{
    char buf[128];
    int fd, value;

    REQUIRE_KVM();
    fd = kvm_open();
    ck_assert_msg(fd >= 0, "open %s: %s", kvm_device_path(), strerror(errno));
    value = kvm_check_extension(fd, KVM_CAP_SYNC_REGS);
    close(fd);
    ck_assert_msg(value > 0, "this KVM has no KVM_CAP_SYNC_REGS (%d)", value);
    sync_regs_names(buf, sizeof(buf), (unsigned long)value);
    ck_assert_msg(strncmp(buf, "regs", 4) == 0 && !strstr(buf, "0x"),
                  "this host answers %d: \"%s\" (expected words only, "
                  "starting with regs)",
                  value, buf);
}
END_TEST

Suite *test_suite(void)
{
    Suite *suite = suite_create("exercise 01.2");

    exercise_check(suite, "7 is \"regs sregs events\"",
                   seven_is_regs_sregs_events);
    exercise_check(suite, "each bit has its word", each_bit_has_its_word);
    exercise_check(suite, "no bits is \"-\"", no_bits_is_a_dash);
    exercise_check(suite, "bits without a name appear as one hex number",
                   unnamed_bits_appear_as_one_number);
    exercise_check(suite, "a small buffer is cut short, never overrun",
                   a_small_buffer_is_cut_short_not_overrun);
    exercise_check(suite, "this host's answer has a word for every bit",
                   this_hosts_answer_has_a_word_for_every_bit);
    return suite;
}
