/*
 * Unit tests for common/segment.c: descriptors encoded bit for bit, and the
 * hidden segment state the CPU derives from them. No KVM.
 *
 * The expected descriptors were worked out by hand from the layout in the
 * Intel SDM, Vol. 3A, 3.4.5 (see the comment in common/segment.h):
 *   flat 32-bit code: limit 0xfffff, access 0x9b (P S code read accessed),
 *   flags 0xc (G DB) -> 00 c f 9b 000000 ffff
 */
#include "harness.h"
#include "segment.h"

START_TEST(flat_32_bit_code)
{
    ck_assert_uint_eq(x86_descriptor(0, 0xfffff,
                                     SEG_P | SEG_S | SEG_TYPE_CODE |
                                         SEG_TYPE_CODE_READ |
                                         SEG_TYPE_ACCESSED,
                                     SEG_G | SEG_DB),
                      0x00cf9b000000ffffull);
}
END_TEST

START_TEST(flat_32_bit_data)
{
    ck_assert_uint_eq(x86_descriptor(0, 0xfffff,
                                     SEG_P | SEG_S | SEG_TYPE_DATA_WRITE |
                                         SEG_TYPE_ACCESSED,
                                     SEG_G | SEG_DB),
                      0x00cf93000000ffffull);
}
END_TEST

START_TEST(long_mode_code_has_l_and_not_db)
{
    ck_assert_uint_eq(x86_descriptor(0, 0xfffff,
                                     SEG_P | SEG_S | SEG_TYPE_CODE |
                                         SEG_TYPE_CODE_READ,
                                     SEG_G | SEG_L),
                      0x00af9a000000ffffull);
}
END_TEST

START_TEST(every_base_and_limit_bit_lands_in_its_field)
{
    /* base 12|345678 splits into bits 56-63 and 16-39; limit a|bcde into
     * bits 48-51 and 0-15; user DPL 3 data: access 0xf2. */
    ck_assert_uint_eq(x86_descriptor(0x12345678, 0xabcde,
                                     SEG_P | SEG_DPL(3) | SEG_S |
                                         SEG_TYPE_DATA_WRITE,
                                     SEG_DB),
                      0x124af2345678bcdeull);
}
END_TEST

START_TEST(limit_field_is_only_20_bits)
{
    /* Bits above 19 of the limit must not leak into the flags. */
    ck_assert_uint_eq(x86_descriptor(0, 0xffffffff, 0, 0),
                      0x000f00000000ffffull);
}
END_TEST

START_TEST(base_and_limit_decode_back)
{
    uint64_t d = 0x124af2345678bcdeull;

    ck_assert_uint_eq(x86_descriptor_base(d), 0x12345678);
    ck_assert_uint_eq(x86_descriptor_limit(d), 0xabcde);
    /* With G set the limit counts 4 KiB pages, the low 12 bits all ones. */
    ck_assert_uint_eq(x86_descriptor_limit(0x00cf9b000000ffffull),
                      0xffffffff);
}
END_TEST

START_TEST(hidden_state_of_flat_code)
{
    struct kvm_segment s =
        x86_segment_from_descriptor(0x08, 0x00cf9b000000ffffull);

    ck_assert_uint_eq(s.selector, 0x08);
    ck_assert_uint_eq(s.base, 0);
    ck_assert_uint_eq(s.limit, 0xffffffff);
    ck_assert_uint_eq(s.type, 0xb);
    ck_assert_uint_eq(s.s, 1);
    ck_assert_uint_eq(s.dpl, 0);
    ck_assert_uint_eq(s.present, 1);
    ck_assert_uint_eq(s.db, 1);
    ck_assert_uint_eq(s.l, 0);
    ck_assert_uint_eq(s.g, 1);
    ck_assert_uint_eq(s.unusable, 0);
}
END_TEST

START_TEST(hidden_state_of_user_data_and_of_null)
{
    struct kvm_segment user =
        x86_segment_from_descriptor(X86_SELECTOR(5, 3), 0x124af2345678bcdeull);
    struct kvm_segment null = x86_segment_from_descriptor(0, 0);

    ck_assert_uint_eq(user.selector, 0x2b);
    ck_assert_uint_eq(user.base, 0x12345678);
    ck_assert_uint_eq(user.limit, 0xabcde);
    ck_assert_uint_eq(user.dpl, 3);
    ck_assert_uint_eq(user.type, 0x2);
    ck_assert_uint_eq(user.g, 0);
    /* A not-present descriptor gives an unusable segment. */
    ck_assert_uint_eq(null.present, 0);
    ck_assert_uint_eq(null.unusable, 1);
}
END_TEST

Suite *test_suite(void)
{
    Suite *suite = suite_create("unit/segment");
    TCase *tc = tcase_create("segment");

    tcase_add_test(tc, flat_32_bit_code);
    tcase_add_test(tc, flat_32_bit_data);
    tcase_add_test(tc, long_mode_code_has_l_and_not_db);
    tcase_add_test(tc, every_base_and_limit_bit_lands_in_its_field);
    tcase_add_test(tc, limit_field_is_only_20_bits);
    tcase_add_test(tc, base_and_limit_decode_back);
    tcase_add_test(tc, hidden_state_of_flat_code);
    tcase_add_test(tc, hidden_state_of_user_data_and_of_null);
    suite_add_tcase(suite, tc);
    return suite;
}
