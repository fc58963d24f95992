/*
 * The test of exercise 07.1, printf in binary: calls format_binary(), the
 * guest-side conversion for %b, from the host on values whose binary form
 * is known, into a 64-byte buffer watched for writes past the digits.
 */
#include <stdio.h>
#include <string.h>

#include "harness.h"

size_t format_binary(char *digits, unsigned long long value);

#define ROOM      64 /* what the stub promises: room for 64 digits */
#define GUARD     16 /* bytes after the room that must stay untouched */
#define UNTOUCHED '#'

/* Convert value and compare with the expected digits (a C string). */
static void expect(unsigned long long value, const char *expected,
                   const char *why)
{
    char area[ROOM + GUARD];
    size_t want = strlen(expected), got;

    memset(area, UNTOUCHED, sizeof(area));
    got = format_binary(area, value);
    ck_assert_msg(got == want,
                  "%#llx is \"%s\" in binary (%s), but it returned %zu "
                  "digits, not %zu",
                  value, expected, why, got, want);
    ck_assert_msg(memcmp(area, expected, want) == 0,
                  "%#llx is \"%s\" in binary (%s), but it wrote \"%.*s\"",
                  value, expected, why, (int)want, area);
    for (size_t i = want; i < sizeof(area); i++)
        ck_assert_msg(area[i] == UNTOUCHED,
                      "%#llx: it also wrote byte %zu (%#x), after its %zu "
                      "digits: write nothing but the digits, not even a NUL",
                      value, i, (unsigned char)area[i], want);
}

START_TEST(small_numbers_most_significant_digit_first)
{
    expect(1, "1", "one digit");
    expect(2, "10", "two is one-zero");
    expect(6, "110", "the highest digit comes first");
    expect(11, "1011", "8 + 2 + 1");
    expect(0x80, "10000000", "no digit lost at the end");
}
END_TEST

START_TEST(zero_is_one_digit)
{
    expect(0, "0", "printf(\"%b\", 0) must print 0, not nothing");
}
END_TEST

START_TEST(sixty_four_bits)
{
    char ones[65], high[65];

    memset(ones, '1', 64);
    ones[64] = '\0';
    high[0] = '1';
    memset(high + 1, '0', 63);
    high[64] = '\0';
    expect(~0ull, ones, "all 64 bits set");
    expect(1ull << 63, high, "the top bit alone: 64 digits");
    expect(0xdeadbeefull, "11011110101011011011111011101111", "0xdeadbeef");
}
END_TEST

Suite *test_suite(void)
{
    Suite *suite = suite_create("exercise 07.1");

    exercise_check(suite, "small numbers, most significant digit first",
                   small_numbers_most_significant_digit_first);
    exercise_check(suite, "0 is the one digit \"0\"", zero_is_one_digit);
    exercise_check(suite, "64-bit values: 64 digits and no more",
                   sixty_four_bits);
    return suite;
}
