/*
 * Unit tests for the guest console in common/run.c: bytes the guest writes
 * to COM1 come out a line at a time as "guest> ...". No KVM.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "escape.h"
#include "run.h"

/* A console writing into memory; finish() returns what it printed. */
static struct console console;
static FILE *out;
static char *text;
static size_t text_size;

static void start(void)
{
    text = NULL;
    out = open_memstream(&text, &text_size);
    ck_assert_ptr_nonnull(out);
    console_init(&console, out);
}

static void write_text(const char *s)
{
    console_write(&console, s, strlen(s));
}

static const char *printed(void)
{
    fflush(out);
    return text;
}

static void finish(void)
{
    fclose(out);
    free(text);
}

START_TEST(a_line_gets_the_guest_prefix)
{
    start();
    write_text("Hello\n");
    ck_assert_str_eq(printed(), "guest> Hello\n");
    finish();
}
END_TEST

START_TEST(bytes_wait_for_their_newline)
{
    /* One exit per byte: a line arrives in pieces and must come out whole. */
    start();
    write_text("Hel");
    write_text("lo");
    ck_assert_str_eq(printed(), "");
    write_text("\nbye\n");
    ck_assert_str_eq(printed(), "guest> Hello\nguest> bye\n");
    finish();
}
END_TEST

START_TEST(flush_prints_a_partial_line_once)
{
    start();
    write_text("no newline");
    console_flush(&console);
    ck_assert_str_eq(printed(), "guest> no newline\n");
    console_flush(&console); /* nothing left: prints nothing */
    ck_assert_str_eq(printed(), "guest> no newline\n");
    finish();
}
END_TEST

START_TEST(empty_lines_still_show)
{
    start();
    write_text("a\n\nb\n");
    ck_assert_str_eq(printed(), "guest> a\nguest> \nguest> b\n");
    finish();
}
END_TEST

START_TEST(a_300_character_line_is_broken_at_256)
{
    char line[301];
    char expected[320];

    memset(line, 'x', 300);
    line[300] = '\n';
    start();
    console_write(&console, line, sizeof(line));
    snprintf(expected, sizeof(expected), "guest> %.256s\nguest> %.44s\n", line,
             line);
    ck_assert_str_eq(printed(), expected);
    finish();
}
END_TEST

START_TEST(a_line_of_exactly_256_characters_stays_one_line)
{
    char line[257];
    char expected[270];

    memset(line, 'y', 256);
    line[256] = '\n';
    start();
    console_write(&console, line, sizeof(line));
    snprintf(expected, sizeof(expected), "guest> %.256s\n", line);
    ck_assert_str_eq(printed(), expected);
    finish();
}
END_TEST

/* Guest text reaches a terminal: nothing in it may act on the terminal.
 * Control bytes and DEL show as \xHH; only \t passes (\n ends a line). */
START_TEST(control_bytes_are_shown_escaped)
{
    static const char text[] = "a\x1b]0;pwned\x07"
                               "b\rc\0d\x7f\te\n";

    start();
    console_write(&console, text, sizeof(text) - 1);
    ck_assert_str_eq(printed(), "guest> a\\x1b]0;pwned\\x07b\\x0dc\\x00d"
                                "\\x7f\te\n");
    finish();
}
END_TEST

START_TEST(valid_utf8_passes_and_invalid_bytes_are_escaped)
{
    start();
    /* é, €, 😀 pass; a lone continuation byte, a truncated sequence, an
     * overlong '/', a surrogate and a code point over U+10FFFF do not. */
    write_text("\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\n");
    write_text("\x80|\xe2\x82|\xc0\xaf|\xed\xa0\x80|\xf4\x90\x80\x80\n");
    ck_assert_str_eq(printed(),
                     "guest> \xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\n"
                     "guest> \\x80|\\xe2\\x82|\\xc0\\xaf|\\xed\\xa0\\x80|"
                     "\\xf4\\x90\\x80\\x80\n");
    finish();
}
END_TEST

START_TEST(escape_write_escapes_newlines_too)
{
    /* For text that must stay on one line, such as an assert's strings. */
    start();
    escape_write(out, "x\nhost: fake", 12);
    ck_assert_str_eq(printed(), "x\\x0ahost: fake");
    finish();
}
END_TEST

Suite *test_suite(void)
{
    Suite *suite = suite_create("unit/console");
    TCase *tc = tcase_create("console");

    tcase_set_timeout(tc, 5);
    tcase_add_test(tc, a_line_gets_the_guest_prefix);
    tcase_add_test(tc, bytes_wait_for_their_newline);
    tcase_add_test(tc, flush_prints_a_partial_line_once);
    tcase_add_test(tc, empty_lines_still_show);
    tcase_add_test(tc, a_300_character_line_is_broken_at_256);
    tcase_add_test(tc, a_line_of_exactly_256_characters_stays_one_line);
    tcase_add_test(tc, control_bytes_are_shown_escaped);
    tcase_add_test(tc, valid_utf8_passes_and_invalid_bytes_are_escaped);
    tcase_add_test(tc, escape_write_escapes_newlines_too);
    suite_add_tcase(suite, tc);
    return suite;
}
