/*
 * The test of exercise 03.4, a console for "\r\n": feeds text to
 * crlf_console_write() whole and one byte per call (as a run loop does),
 * captures what it prints, and finally runs a guest that prints "\r\n"
 * lines with rep outsb.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>

#include "exits.h"
#include "guest.h"
#include "harness.h"
#include "machine.h"
#include "real_mode.h"

/* As in the exercise's stub. */
struct crlf_console {
    FILE *out;
    size_t length;
    char line[80];
    int state;
};

void crlf_console_write(struct crlf_console *console, const char *data,
                        size_t size);

/* A console writing into memory, with a guard after it that an overrun
 * of line[] would change. */
struct capture {
    struct crlf_console console;
    unsigned char guard[64];
    char *text;
    size_t size;
};

static void capture_start(struct capture *c)
{
    memset(c, 0, sizeof(*c));
    memset(c->guard, 0xa5, sizeof(c->guard));
    c->console.out = open_memstream(&c->text, &c->size);
    ck_assert_ptr_nonnull(c->console.out);
}

/* Show text with \r and \n visible, for the messages. */
static const char *visible(const char *text, char *buf, size_t size)
{
    size_t used = 0;

    for (; *text && used + 3 < size; text++) {
        if (*text == '\n' || *text == '\r') {
            buf[used++] = '\\';
            buf[used++] = *text == '\n' ? 'n' : 'r';
        } else {
            buf[used++] = *text;
        }
    }
    buf[used] = '\0';
    return buf;
}

/* Stop capturing and compare with what was expected. */
static void capture_expect(struct capture *c, const char *what,
                           const char *expected)
{
    char got[512], wanted[512];

    fclose(c->console.out);
    for (size_t i = 0; i < sizeof(c->guard); i++)
        ck_assert_msg(c->guard[i] == 0xa5,
                      "%s: it wrote past the end of struct crlf_console", what);
    ck_assert_msg(strcmp(c->text, expected) == 0,
                  "%s: it printed \"%s\", expected \"%s\"", what,
                  visible(c->text, got, sizeof(got)),
                  visible(expected, wanted, sizeof(wanted)));
    free(c->text);
}

/* Feed text to a new console whole, or one byte per call, and check.
 * `name` describes the text in messages (NULL: the text itself). */
static void expect_named(const char *name, const char *text, int byte_by_byte,
                         const char *expected)
{
    char what[256], shown[128];
    struct capture c;
    size_t length = strlen(text);

    if (!name)
        name = visible(text, shown, sizeof(shown));
    snprintf(what, sizeof(what), "\"%s\" %s", name,
             byte_by_byte ? "one byte per call" : "in one call");
    capture_start(&c);
    if (byte_by_byte)
        for (size_t i = 0; i < length; i++)
            crlf_console_write(&c.console, text + i, 1);
    else
        crlf_console_write(&c.console, text, length);
    capture_expect(&c, what, expected);
}

static void expect(const char *text, int byte_by_byte, const char *expected)
{
    expect_named(NULL, text, byte_by_byte, expected);
}

START_TEST(a_newline_ends_a_line)
{
    expect("hello\n", 0, "guest> hello\n");
    expect("hello\n", 1, "guest> hello\n");
}
END_TEST

START_TEST(crlf_in_one_call_ends_one_line)
{
    expect("one\r\ntwo\r\n", 0, "guest> one\nguest> two\n");
}
END_TEST

START_TEST(crlf_one_byte_per_call_ends_one_line)
{
    expect("one\r\ntwo\r\n", 1, "guest> one\nguest> two\n");
}
END_TEST

START_TEST(a_lone_cr_ends_a_line)
{
    expect("50%\r100%\n", 0, "guest> 50%\nguest> 100%\n");
    expect("50%\r100%\n", 1, "guest> 50%\nguest> 100%\n");
}
END_TEST

START_TEST(empty_lines_are_kept)
{
    expect("a\n\nb\r\n\r\nc\n", 1,
           "guest> a\nguest> \nguest> b\nguest> \nguest> c\n");
}
END_TEST

START_TEST(a_long_line_is_broken_at_80_bytes)
{
    char text[128], expected[256];

    memset(text, 'x', 100);
    strcpy(text + 100, "\r\n");
    snprintf(expected, sizeof(expected), "guest> %.80s\nguest> %.20s\n", text,
             text);
    expect_named("100 x, \\r\\n", text, 1, expected);
    expect_named("100 x, \\r\\n", text, 0, expected);
}
END_TEST

START_TEST(other_control_bytes_are_escaped)
{
    /* Only line ends are the console's own; an ESC, a tab or a ^A in the
     * text come out as chapter 03's console shows them. */
    static const char text[] = "a\x1b[2Jb\tc\x01" "d\r\n";

    expect_named("a ESC [2J b TAB c ^A d \\r\\n", text, 1,
                 "guest> a\\x1b[2Jb\tc\\x01d\n");
    expect_named("a ESC [2J b TAB c ^A d \\r\\n", text, 0,
                 "guest> a\\x1b[2Jb\tc\\x01d\n");
}
END_TEST

/* 16-bit code: write CX bytes from DS:SI to COM1, then halt. */
static const uint8_t print_guest[] = {
    0xba, 0xf8, 0x03, /* mov dx, 0x3f8 */
    0xfc,             /* cld */
    0xf3, 0x6e,       /* rep outsb */
    0xf4,             /* hlt */
};

START_TEST(a_guests_crlf_lines_come_out_right)
{
    static const char message[] = "Hi\r\nthere\r\n";
    struct guest_image image = {print_guest, sizeof(print_guest), NULL};
    const char *failed_step = "";
    struct kvm_regs regs;
    struct capture c;
    struct machine m;
    struct kvm_run *run;
    int exits = 0;

    REQUIRE_KVM();
    ck_assert_msg(machine_create(&m, 0x10000, &failed_step) == 0, "%s: %s",
                  failed_step, strerror(errno));
    ck_assert_int_eq(guest_load_flat(&m.vm, 0x1000, &image), 0);
    memcpy(m.memory + 0x2000, message, strlen(message));
    ck_assert_int_eq(real_mode_enter(&m.vcpu, 0, 0x1000, 0xfff0), 0);
    ck_assert_int_eq(vcpu_get_regs(&m.vcpu, &regs), 0);
    regs.rsi = 0x2000;
    regs.rcx = strlen(message);
    ck_assert_int_eq(vcpu_set_regs(&m.vcpu, &regs), 0);

    capture_start(&c);
    run = m.vcpu.run;
    for (;;) {
        ck_assert_int_eq(ioctl(m.vcpu.fd, KVM_RUN, 0), 0);
        ck_assert_msg(++exits <= 100, "more than 100 exits");
        if (run->exit_reason == KVM_EXIT_HLT)
            break;
        ck_assert_msg(run->exit_reason == KVM_EXIT_IO &&
                          run->io.direction == KVM_EXIT_IO_OUT &&
                          run->io.port == 0x3f8 && run->io.size == 1,
                      "the guest stopped with %s", exit_name(run->exit_reason));
        crlf_console_write(&c.console, (char *)run + run->io.data_offset,
                           run->io.count);
    }
    capture_expect(&c, "a guest's rep outsb of \"Hi\\r\\nthere\\r\\n\"",
                   "guest> Hi\nguest> there\n");
    machine_destroy(&m);
}
END_TEST

Suite *test_suite(void)
{
    Suite *suite = suite_create("exercise 03.4");

    exercise_check(suite, "\\n ends a line", a_newline_ends_a_line);
    exercise_check(suite, "\\r\\n in one call ends one line",
                   crlf_in_one_call_ends_one_line);
    exercise_check(suite, "\\r\\n one byte per call (as KVM sends it)",
                   crlf_one_byte_per_call_ends_one_line);
    exercise_check(suite, "a lone \\r ends a line", a_lone_cr_ends_a_line);
    exercise_check(suite, "empty lines are kept", empty_lines_are_kept);
    exercise_check(suite, "a long line is broken at 80 bytes",
                   a_long_line_is_broken_at_80_bytes);
    exercise_check(suite, "other control bytes are shown as \\xHH",
                   other_control_bytes_are_escaped);
    exercise_check(suite, "a guest's \\r\\n lines come out right",
                   a_guests_crlf_lines_come_out_right);
    return suite;
}
