/*
 * Unit tests for common/dump.c: flag names, segment decoding, exception
 * names and page-fault error codes (chapter 09), no KVM.
 */
#include <stdlib.h>
#include <string.h>

#include "dump.h"
#include "harness.h"
#include "x86.h"

START_TEST(cr0_after_reset_names_et_nw_cd)
{
    char buf[64];

    /* 0x60000010 is CR0 after reset: ET (bit 4), NW (29), CD (30). */
    ck_assert_str_eq(dump_flags(buf, sizeof(buf), 0x60000010, dump_cr0_flags),
                     "ET NW CD");
}
END_TEST

START_TEST(cr0_protected_with_paging)
{
    char buf[64];

    ck_assert_str_eq(
        dump_flags(buf, sizeof(buf), CR0_PE | CR0_ET | CR0_PG, dump_cr0_flags),
        "PE ET PG");
}
END_TEST

START_TEST(no_bits_set_prints_a_dash)
{
    char buf[16];

    ck_assert_str_eq(dump_flags(buf, sizeof(buf), 0, dump_efer_flags), "-");
}
END_TEST

START_TEST(unnamed_bits_are_shown_as_hex)
{
    char buf[64];

    /* Bit 3 of EFER has no name in our table. */
    ck_assert_str_eq(dump_flags(buf, sizeof(buf), EFER_LME | 0x8,
                                dump_efer_flags),
                     "LME 0x8");
}
END_TEST

START_TEST(rflags_hides_the_fixed_bit_and_decodes_iopl)
{
    char buf[64];

    ck_assert_str_eq(dump_flags(buf, sizeof(buf), 0x2, dump_rflags_flags),
                     "-");
    ck_assert_str_eq(dump_flags(buf, sizeof(buf), 0x3202, dump_rflags_flags),
                     "IF IOPL=3");
}
END_TEST

START_TEST(small_buffers_are_truncated_not_overrun)
{
    char buf[8];

    memset(buf, 'x', sizeof(buf));
    dump_flags(buf, 5, CR0_PE | CR0_ET | CR0_PG, dump_cr0_flags);
    ck_assert_uint_lt(strlen(buf), 5);
    ck_assert_int_eq(buf[7], 'x');
}
END_TEST

START_TEST(segment_types_in_short)
{
    struct kvm_segment code = {.type = 0xb, .s = 1};
    struct kvm_segment data = {.type = 0x3, .s = 1};
    struct kvm_segment down = {.type = 0x6, .s = 1};
    struct kvm_segment tss = {.type = 0xb, .s = 0};
    char buf[32];

    ck_assert_str_eq(dump_segment_type(&code, buf, sizeof(buf)), "code,r,a");
    ck_assert_str_eq(dump_segment_type(&data, buf, sizeof(buf)), "data,w,a");
    ck_assert_str_eq(dump_segment_type(&down, buf, sizeof(buf)), "data,w,e");
    ck_assert_str_eq(dump_segment_type(&tss, buf, sizeof(buf)), "tss,busy");
}
END_TEST

START_TEST(reset_cs_line_fits_80_columns)
{
    struct kvm_segment cs = {.base = 0xffff0000, .limit = 0xffff,
                             .selector = 0xf000, .type = 0xb, .present = 1,
                             .s = 1};
    char *text = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&text, &size);

    dump_segment(out, "cs", &cs);
    fclose(out);
    ck_assert_str_eq(text, "cs  sel=f000 base=ffff0000 limit=0000ffff "
                           "type=b code,r,a dpl=0 p=1 db=0 l=0 g=0\n");
    ck_assert_uint_le(strlen(text) - 1, 80);
    free(text);
}
END_TEST

START_TEST(every_named_exception_vector)
{
    /* Intel SDM Vol. 3A, table 6-1: the vectors with a mnemonic. */
    static const char *const expected[32] = {
        [0] = "#DE (divide error)",
        [1] = "#DB (debug)",
        [2] = "NMI (non-maskable interrupt)",
        [3] = "#BP (breakpoint)",
        [4] = "#OF (overflow)",
        [5] = "#BR (bound range)",
        [6] = "#UD (invalid opcode)",
        [7] = "#NM (no FPU)",
        [8] = "#DF (double fault)",
        [10] = "#TS (invalid TSS)",
        [11] = "#NP (segment not present)",
        [12] = "#SS (stack fault)",
        [13] = "#GP (general protection)",
        [14] = "#PF (page fault)",
        [16] = "#MF (x87 error)",
        [17] = "#AC (alignment check)",
        [18] = "#MC (machine check)",
        [19] = "#XM (SIMD error)",
        [20] = "#VE (virtualization)",
        [21] = "#CP (control protection)",
    };
    char buf[48], number[16];

    for (unsigned vector = 0; vector < 32; vector++) {
        snprintf(number, sizeof(number), "vector %u", vector);
        ck_assert_str_eq(dump_exception_name(vector, buf, sizeof(buf)),
                         expected[vector] ? expected[vector] : number);
    }
}
END_TEST

START_TEST(reserved_and_high_vectors_are_numbers)
{
    char buf[48];

    /* 9 (coprocessor segment overrun, not used since the 386), 15 and
     * 22-31 are reserved; 32 and up are interrupts, not exceptions. */
    ck_assert_str_eq(dump_exception_name(9, buf, sizeof(buf)), "vector 9");
    ck_assert_str_eq(dump_exception_name(15, buf, sizeof(buf)), "vector 15");
    ck_assert_str_eq(dump_exception_name(31, buf, sizeof(buf)), "vector 31");
    ck_assert_str_eq(dump_exception_name(32, buf, sizeof(buf)), "vector 32");
    ck_assert_str_eq(dump_exception_name(255, buf, sizeof(buf)),
                     "vector 255");
    ck_assert_str_eq(dump_exception_name(~0u, buf, sizeof(buf)),
                     "vector 4294967295");
}
END_TEST

START_TEST(exception_name_is_cut_to_the_buffer)
{
    char buf[8];

    memset(buf, '#', sizeof(buf));
    ck_assert_ptr_eq(dump_exception_name(14, buf, 5), buf);
    ck_assert_str_eq(buf, "#PF ");
    ck_assert_int_eq(buf[5], '#');
}
END_TEST

START_TEST(page_fault_error_codes_in_words)
{
    char buf[80];

    /* Bit 0 present, 1 write, 2 user, 3 reserved bit, 4 fetch. */
    ck_assert_str_eq(dump_page_fault_error(buf, sizeof(buf), 0),
                     "read, not present, kernel");
    ck_assert_str_eq(dump_page_fault_error(buf, sizeof(buf), 0x2),
                     "write, not present, kernel");
    ck_assert_str_eq(dump_page_fault_error(buf, sizeof(buf), 0x10),
                     "instruction fetch, not present, kernel");
    ck_assert_str_eq(dump_page_fault_error(buf, sizeof(buf), 0x1),
                     "read, protection violation, kernel");
    ck_assert_str_eq(dump_page_fault_error(buf, sizeof(buf), 0x7),
                     "write, protection violation, user");
    ck_assert_str_eq(dump_page_fault_error(buf, sizeof(buf), 0x4),
                     "read, not present, user");
    ck_assert_str_eq(dump_page_fault_error(buf, sizeof(buf), 0x15),
                     "instruction fetch, protection violation, user");
    ck_assert_str_eq(dump_page_fault_error(buf, sizeof(buf), 0x9),
                     "read, protection violation, kernel, reserved bit set");
    ck_assert_str_eq(dump_page_fault_error(buf, sizeof(buf), 0xb),
                     "write, protection violation, kernel, reserved bit set");
}
END_TEST

START_TEST(page_fault_error_is_cut_to_the_buffer)
{
    char buf[16];

    memset(buf, '#', sizeof(buf));
    ck_assert_ptr_eq(dump_page_fault_error(buf, 10, 0x2), buf);
    ck_assert_str_eq(buf, "write, no");
    ck_assert_int_eq(buf[10], '#');
}
END_TEST

Suite *test_suite(void)
{
    Suite *suite = suite_create("unit/dump");
    TCase *tc = tcase_create("dump");

    tcase_set_timeout(tc, 5);
    tcase_add_test(tc, cr0_after_reset_names_et_nw_cd);
    tcase_add_test(tc, cr0_protected_with_paging);
    tcase_add_test(tc, no_bits_set_prints_a_dash);
    tcase_add_test(tc, unnamed_bits_are_shown_as_hex);
    tcase_add_test(tc, rflags_hides_the_fixed_bit_and_decodes_iopl);
    tcase_add_test(tc, small_buffers_are_truncated_not_overrun);
    tcase_add_test(tc, segment_types_in_short);
    tcase_add_test(tc, reset_cs_line_fits_80_columns);
    tcase_add_test(tc, every_named_exception_vector);
    tcase_add_test(tc, reserved_and_high_vectors_are_numbers);
    tcase_add_test(tc, exception_name_is_cut_to_the_buffer);
    tcase_add_test(tc, page_fault_error_codes_in_words);
    tcase_add_test(tc, page_fault_error_is_cut_to_the_buffer);
    suite_add_tcase(suite, tc);
    return suite;
}
