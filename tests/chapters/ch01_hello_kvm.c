/*
 * Chapter 01 run as a reader runs it.
 */
#include "chapter.h"

#define CHAPTER "01-hello-kvm"

START_TEST(prints_api_version_and_capabilities)
{
    struct process p;
    int value;

    REQUIRE_KVM();
    run_chapter(&p, CHAPTER, NULL, NULL, NULL);
    ck_assert_int_eq(p.exit_code, 0);
    ck_assert_ptr_nonnull(strstr(p.out, "KVM API version 12: the stable API"));
    /* 11 capabilities, each on a line of its own with its value, and the
     * line on hardware breakpoints that names one more. */
    ck_assert_int_eq(count_occurrences(p.out, "\nKVM_CAP_"), 12);
    ck_assert_ptr_nonnull(strstr(p.out, "\nhardware breakpoints: x86 has 4 "));
    ck_assert_int_eq(sscanf(strstr(p.out, "KVM_CAP_USER_MEMORY"),
                            "KVM_CAP_USER_MEMORY %d", &value),
                     1);
    ck_assert_int_eq(value, 1);
    ck_assert_ptr_nonnull(strstr(p.out, "every capability the later "
                                        "chapters need is present"));
    ck_assert_str_eq(p.err, "");
    process_free(&p);
}
END_TEST

START_TEST(trace_shows_each_ioctl)
{
    struct process p;

    REQUIRE_KVM();
    run_chapter(&p, CHAPTER, "--trace", NULL, NULL);
    ck_assert_int_eq(p.exit_code, 0);
    ck_assert_ptr_nonnull(strstr(p.out, "trace: open(\"/dev/kvm\", O_RDWR | "
                                        "O_CLOEXEC) = 3\n"));
    ck_assert_ptr_nonnull(
        strstr(p.out, "trace: ioctl(fd 3, KVM_GET_API_VERSION, 0) = 12\n"));
    ck_assert_int_eq(count_occurrences(p.out, "KVM_CHECK_EXTENSION"), 12);
    process_free(&p);
}
END_TEST

START_TEST(help_lists_the_options_without_guest_ones)
{
    struct process p;

    run_chapter(&p, CHAPTER, "--help", NULL, NULL);
    ck_assert_int_eq(p.exit_code, 0);
    ck_assert_ptr_nonnull(strstr(p.out, "usage: 01-hello-kvm [options]"));
    ck_assert_ptr_nonnull(strstr(p.out, "--trace"));
    /* Chapter 01 runs no guest: no --guest, no --timeout. */
    ck_assert_ptr_null(strstr(p.out, "--guest"));
    ck_assert_ptr_null(strstr(p.out, "--timeout"));
    process_free(&p);
}
END_TEST

Suite *test_suite(void)
{
    const TTest *const tests[] = {
        prints_api_version_and_capabilities,
        trace_shows_each_ioctl,
        help_lists_the_options_without_guest_ones,
        NULL,
    };

    return chapter_suite(CHAPTER, tests);
}
