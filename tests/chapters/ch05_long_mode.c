/*
 * Chapter 05 run as a reader runs it.
 */
#include "chapter.h"

#define CHAPTER "05-long-mode"

START_TEST(enters_long_mode_with_the_bits_by_name)
{
    struct process p;

    REQUIRE_KVM();
    run_chapter(&p, CHAPTER, NULL, NULL, NULL);
    ck_assert_int_eq(p.exit_code, 0);
    ck_assert_ptr_nonnull(strstr(p.out, ", long mode offered\n"));
    ck_assert_ptr_nonnull(strstr(p.out, "\ncr0=80010031 [PE ET NE WP PG]\n"
                                        "cr4=00000220 [PAE OSFXSR]\n"
                                        "efer=00000500 [LME LMA]\n"));
    ck_assert_ptr_nonnull(strstr(p.out, "\ncs  sel=0008 "));
    ck_assert_ptr_nonnull(strstr(p.out, " db=0 l=1 g=1\n"));
    ck_assert_str_eq(p.err, "");
    process_free(&p);
}
END_TEST

START_TEST(guest_output_results_and_translation)
{
    struct process p;

    REQUIRE_KVM();
    run_chapter(&p, CHAPTER, NULL, NULL, NULL);
    ck_assert_int_eq(p.exit_code, 0);
    ck_assert_ptr_nonnull(strstr(p.out, "guest> Hello from long mode!\n"
                                        "guest> 0xffff800000000000 and "
                                        "0x9000 are the same memory\n"));
    ck_assert_ptr_nonnull(strstr(p.out, "host: rbx = 2432902008176640000 "
                                        "(20! is 2432902008176640000): "
                                        "ok\n"));
    ck_assert_ptr_nonnull(strstr(p.out, "host: qword at 0x9000 = "
                                        "2432902008176640000: ok\n"));
    ck_assert_ptr_nonnull(strstr(p.out, "host: 0xffff800000000000 -> 0x9000 "
                                        "by our walk, 0x9000 by "
                                        "KVM_TRANSLATE: ok\n"));
    process_free(&p);
}
END_TEST

START_TEST(trace_shows_the_walk_level_by_level)
{
    struct process p;
    const char *pml4, *pdpt, *pd, *pt;

    REQUIRE_KVM();
    run_chapter(&p, CHAPTER, "--trace", NULL, NULL);
    ck_assert_int_eq(p.exit_code, 0);
    pml4 = strstr(p.out, "trace: PML4[256] at 0x10800 = ");
    pdpt = strstr(p.out, "trace: PDPT[  0] at ");
    pd = strstr(p.out, "trace: PD  [  0] at ");
    pt = strstr(p.out, "trace: PT  [  0] at ");
    ck_assert(pml4 && pdpt && pd && pt);
    ck_assert(pml4 < pdpt && pdpt < pd && pd < pt);
    /* The leaf maps 0x9000, accessed and dirty after the guest's write. */
    ck_assert_ptr_nonnull(strstr(pt, "= 0000000000009063 [P RW A D]\n"));
    ck_assert_ptr_nonnull(strstr(p.out, "KVM_SET_CPUID2"));
    ck_assert_ptr_nonnull(strstr(p.out, "KVM_TRANSLATE"));
    process_free(&p);
}
END_TEST

Suite *test_suite(void)
{
    const TTest *const tests[] = {
        enters_long_mode_with_the_bits_by_name,
        guest_output_results_and_translation,
        trace_shows_the_walk_level_by_level,
        NULL,
    };

    return chapter_suite(CHAPTER, tests);
}
