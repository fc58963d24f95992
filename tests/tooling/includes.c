/*
 * Tests of tests/tools/check-includes.sh: the real tree passes, and a
 * chapter that includes a header from a later chapter fails.
 */
#include <stdio.h>
#include <string.h>

#include "harness.h"

static int shell(const char *command, struct process *p)
{
    const char *argv[] = {"/bin/sh", "-c", command, NULL};

    ck_assert_int_eq(process_run(p, argv, NULL, 60), 0);
    return p->exit_code;
}

START_TEST(chapters_use_only_what_earlier_chapters_introduce)
{
    struct process p;

    ck_assert_msg(shell("sh tests/tools/check-includes.sh", &p) == 0, "%s",
                  p.err);
    process_free(&p);
}
END_TEST

START_TEST(including_a_later_chapters_header_fails)
{
    struct process p;

    /* Chapter 01 reaching for the run loop, which chapter 03 introduces. */
    ck_assert_int_ne(
        shell("d=$(mktemp -d) && cp -r common $d/ && "
              "mkdir -p $d/chapters/01-early && "
              "printf '#include \"run.h\"\\n' >$d/chapters/01-early/main.c && "
              "sh tests/tools/check-includes.sh --root $d; s=$?; "
              "rm -rf $d; exit $s",
              &p),
        0);
    ck_assert_ptr_nonnull(strstr(p.err, "includes run.h, which chapter 03 "
                                        "introduces (this is chapter 01)"));
    process_free(&p);
}
END_TEST

START_TEST(a_common_file_without_its_chapter_fails)
{
    struct process p;

    ck_assert_int_ne(
        shell("d=$(mktemp -d) && cp -r common $d/ && mkdir $d/chapters && "
              "printf '/* no chapter */\\n' >$d/common/stray.h && "
              "sh tests/tools/check-includes.sh --root $d; s=$?; "
              "rm -rf $d; exit $s",
              &p),
        0);
    ck_assert_ptr_nonnull(strstr(p.err, "common/stray.h: no 'Introduced"));
    process_free(&p);
}
END_TEST

Suite *test_suite(void)
{
    Suite *suite = suite_create("tooling/includes");
    TCase *tc = tcase_create("includes");

    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, chapters_use_only_what_earlier_chapters_introduce);
    tcase_add_test(tc, including_a_later_chapters_header_fails);
    tcase_add_test(tc, a_common_file_without_its_chapter_fails);
    suite_add_tcase(suite, tc);
    return suite;
}
