/*
 * Unit tests for guests/wasm/leb128.c: LEB128 integers as the binary
 * format encodes them (at most ceil(N / 7) bytes, unused bits of the last
 * byte zero or copies of the sign), and UTF-8 names.
 */
#include <string.h>

#include "harness.h"
#include "internal.h"

static struct wasm_error err;

static struct reader reader_of(const char *bytes, size_t size)
{
    return (struct reader){(const uint8_t *)bytes,
                           (const uint8_t *)bytes + size, &err};
}
#define READER(literal) reader_of(literal, sizeof(literal) - 1)

START_TEST(u32_reads_short_and_longest_forms)
{
    struct reader r = READER("\x00\x7f\x80\x01\xe5\x8e\x26"
                             "\xff\xff\xff\xff\x0f\x80\x80\x80\x80\x00");
    uint32_t v;

    ck_assert_int_eq(read_u32(&r, &v), 0);
    ck_assert_uint_eq(v, 0);
    ck_assert_int_eq(read_u32(&r, &v), 0);
    ck_assert_uint_eq(v, 127);
    ck_assert_int_eq(read_u32(&r, &v), 0);
    ck_assert_uint_eq(v, 128);
    ck_assert_int_eq(read_u32(&r, &v), 0);
    ck_assert_uint_eq(v, 624485);
    ck_assert_int_eq(read_u32(&r, &v), 0);
    ck_assert_uint_eq(v, UINT32_MAX);
    ck_assert_int_eq(read_u32(&r, &v), 0); /* padded zero, 5 bytes: fine */
    ck_assert_uint_eq(v, 0);
    ck_assert_ptr_eq(r.at, r.end);
}
END_TEST

START_TEST(u32_too_long_or_too_large_is_refused)
{
    struct reader r = READER("\x80\x80\x80\x80\x80\x00");
    uint32_t v;

    ck_assert_int_eq(read_u32(&r, &v), -1);
    ck_assert_str_eq(err.message, "integer representation too long");
    r = READER("\xff\xff\xff\xff\x1f");
    ck_assert_int_eq(read_u32(&r, &v), -1);
    ck_assert_str_eq(err.message, "integer too large");
    r = READER("\x80\x80");
    ck_assert_int_eq(read_u32(&r, &v), -1);
    ck_assert_str_eq(err.message, "unexpected end of section or function");
}
END_TEST

START_TEST(s32_sign_extends_and_checks_the_sign_bits)
{
    struct reader r = READER("\x7f\x80\x7f\x80\x80\x80\x80\x78"
                             "\xff\xff\xff\xff\x07");
    int32_t v;

    ck_assert_int_eq(read_s32(&r, &v), 0);
    ck_assert_int_eq(v, -1);
    ck_assert_int_eq(read_s32(&r, &v), 0);
    ck_assert_int_eq(v, -128);
    ck_assert_int_eq(read_s32(&r, &v), 0);
    ck_assert_int_eq(v, INT32_MIN);
    ck_assert_int_eq(read_s32(&r, &v), 0);
    ck_assert_int_eq(v, INT32_MAX);
    /* the unused bits must copy the sign bit */
    r = READER("\xff\xff\xff\xff\x4f");
    ck_assert_int_eq(read_s32(&r, &v), -1);
    ck_assert_str_eq(err.message, "integer too large");
    r = READER("\x80\x80\x80\x80\x70");
    ck_assert_int_eq(read_s32(&r, &v), -1);
}
END_TEST

START_TEST(s64_limits)
{
    struct reader r = READER("\x80\x80\x80\x80\x80\x80\x80\x80\x80\x7f"
                             "\xff\xff\xff\xff\xff\xff\xff\xff\xff\x00");
    int64_t v;

    ck_assert_int_eq(read_s64(&r, &v), 0);
    ck_assert(v == INT64_MIN);
    ck_assert_int_eq(read_s64(&r, &v), 0);
    ck_assert(v == INT64_MAX);
    r = READER("\x80\x80\x80\x80\x80\x80\x80\x80\x80\x80\x00");
    ck_assert_int_eq(read_s64(&r, &v), -1);
    ck_assert_str_eq(err.message, "integer representation too long");
    r = READER("\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01");
    ck_assert_int_eq(read_s64(&r, &v), -1);
    ck_assert_str_eq(err.message, "integer too large");
}
END_TEST

START_TEST(utf8_refuses_overlong_surrogates_and_cut_sequences)
{
    ck_assert(utf8_valid((const uint8_t *)"plain", 5));
    ck_assert(utf8_valid((const uint8_t *)"\xc3\xa9\xe2\x82\xac", 5));
    ck_assert(utf8_valid((const uint8_t *)"\xf4\x8f\xbf\xbf", 4));
    ck_assert(!utf8_valid((const uint8_t *)"\xc0\x80", 2));     /* overlong */
    ck_assert(!utf8_valid((const uint8_t *)"\xed\xa0\x80", 3)); /* surrogate */
    ck_assert(!utf8_valid((const uint8_t *)"\xf4\x90\x80\x80", 4));
    ck_assert(!utf8_valid((const uint8_t *)"\xe2\x82", 2)); /* cut */
    ck_assert(!utf8_valid((const uint8_t *)"\x80", 1));
    ck_assert(!utf8_valid((const uint8_t *)"\xff", 1));
}
END_TEST

START_TEST(read_bytes_checks_what_is_left)
{
    struct reader r = READER("abc");
    const uint8_t *p;

    ck_assert_int_eq(read_bytes(&r, 4, &p), -1);
    ck_assert_int_eq(read_bytes(&r, UINT64_MAX, &p), -1);
    ck_assert_int_eq(read_bytes(&r, 3, &p), 0);
    ck_assert_int_eq(memcmp(p, "abc", 3), 0);
}
END_TEST

Suite *test_suite(void)
{
    Suite *suite = suite_create("unit/wasm_leb128");
    TCase *tc = tcase_create("leb128");

    tcase_add_test(tc, u32_reads_short_and_longest_forms);
    tcase_add_test(tc, u32_too_long_or_too_large_is_refused);
    tcase_add_test(tc, s32_sign_extends_and_checks_the_sign_bits);
    tcase_add_test(tc, s64_limits);
    tcase_add_test(tc, utf8_refuses_overlong_surrogates_and_cut_sequences);
    tcase_add_test(tc, read_bytes_checks_what_is_left);
    suite_add_tcase(suite, tc);
    return suite;
}
