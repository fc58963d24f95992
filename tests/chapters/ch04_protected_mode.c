/*
 * Chapter 04 run as a reader runs it.
 */
#include "chapter.h"

#define CHAPTER "04-protected-mode"

START_TEST(shows_the_gdt_and_the_mode)
{
    struct process p;

    REQUIRE_KVM();
    run_chapter(&p, CHAPTER, NULL, NULL, NULL);
    ck_assert_int_eq(p.exit_code, 0);
    /* The descriptors, as encoded by hand in tests/unit/segment.c. */
    ck_assert_ptr_nonnull(strstr(p.out, "  0x08 00cf9b000000ffff "));
    ck_assert_ptr_nonnull(strstr(p.out, "  0x10 00cf93000000ffff "));
    ck_assert_ptr_nonnull(strstr(p.out, "  0x18 0040930080000fff "
                                        "base=00008000 limit=00000fff"));
    ck_assert_ptr_nonnull(strstr(p.out, "\ncr0=00000031 [PE ET NE]\n"));
    ck_assert_ptr_nonnull(strstr(p.out, "\ncs  sel=0008 base=00000000 "
                                        "limit=ffffffff type=b code,r,a"));
    ck_assert_str_eq(p.err, "");
    process_free(&p);
}
END_TEST

START_TEST(guest_output_and_checked_results)
{
    struct process p;

    REQUIRE_KVM();
    run_chapter(&p, CHAPTER, NULL, NULL, NULL);
    ck_assert_int_eq(p.exit_code, 0);
    ck_assert_ptr_nonnull(strstr(p.out, "guest> Hello from protected mode!\n"
                                        "guest> 12! = 0x1c8cfc00\n"));
    ck_assert_ptr_nonnull(strstr(p.out, "host: ebx = 479001600 (expected "
                                        "479001600): ok\n"));
    ck_assert_ptr_nonnull(
        strstr(p.out, "host: dword at 0x8000 = 479001600: ok\n"));
    ck_assert_ptr_nonnull(strstr(p.out, "host: fs = 0x18 with base 0x8000 "
                                        "and limit 0xfff, from GDT entry 3: "
                                        "ok\n"));
    /* 27 + 17 bytes of output, one exit each, and the halt. */
    ck_assert_ptr_nonnull(strstr(p.out, "halted after 45 exits\n"));
    process_free(&p);
}
END_TEST

START_TEST(help_documents_the_guest_format)
{
    struct process p;

    run_chapter(&p, CHAPTER, "--help", NULL, NULL);
    ck_assert_int_eq(p.exit_code, 0);
    ck_assert_ptr_nonnull(strstr(p.out, "a flat 32-bit binary, loaded at "
                                        "0x1000"));
    ck_assert_ptr_nonnull(strstr(p.out, "0008:00001000"));
    process_free(&p);
}
END_TEST

Suite *test_suite(void)
{
    const TTest *const tests[] = {
        shows_the_gdt_and_the_mode,
        guest_output_and_checked_results,
        help_documents_the_guest_format,
        NULL,
    };

    return chapter_suite(CHAPTER, tests);
}
