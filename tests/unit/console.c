/*
 * Unit tests for the guest console in common/run.c: bytes the guest writes
 * to COM1 come out a line at a time as "guest> ...". No KVM.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
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
    suite_add_tcase(suite, tc);
    return suite;
}
