/*
 * chapter.h - what the chapter tests share: run a chapter binary as a reader
 * would, and replay the chapter's page of the book against it.
 */
#ifndef KVM101_CHAPTER_TEST_H
#define KVM101_CHAPTER_TEST_H

#include <stdio.h>
#include <string.h>

#include "harness.h"

/* Run build/<chapter> with up to three arguments (NULL-terminated). */
static inline void run_chapter(struct process *p, const char *chapter,
                               const char *arg1, const char *arg2,
                               const char *arg3)
{
    const char *argv[] = {chapter_path(chapter), arg1, arg2, arg3, NULL};

    ck_assert_int_eq(process_run(p, argv, NULL, 30), 0);
    ck_assert_msg(!p->timed_out, "%s did not finish", chapter);
    ck_assert_msg(p->signal == 0, "%s died of signal %d:\n%s", chapter,
                  p->signal, p->err);
}

/* The chapter's page must show its plain run, and every transcript on the
 * page must be what the binaries print now. */
static inline void check_book_page(const char *chapter)
{
    char command[512];
    struct process p;
    const char *argv[] = {"/bin/sh", "-c", command, NULL};

    snprintf(command, sizeof(command),
             "grep -qx '\\$ ./build/%s' book/%s.md || "
             "{ echo 'book/%s.md shows no plain run of the chapter' >&2; "
             "exit 1; }; sh tests/book/check-book.sh --page %s --build %s",
             chapter, chapter, chapter, chapter, harness_build_dir());
    ck_assert_int_eq(process_run(&p, argv, NULL, 240), 0);
    ck_assert_msg(p.exit_code == 0, "the book disagrees with %s:\n%s%s",
                  chapter, p.out, p.err);
    process_free(&p);
}

/* The chapter under test, for book_page_matches: chapter_suite() sets it,
 * and Check forks each test from the process that did. */
static const char *chapter_under_test;

START_TEST(book_page_matches)
{
    REQUIRE_KVM();
    check_book_page(chapter_under_test);
}
END_TEST

/* A chapter test's suite: its own tests (NULL-terminated) and, for every
 * chapter, book_page_matches, in one test case with a time limit. */
static inline Suite *chapter_suite(const char *chapter,
                                   const TTest *const tests[])
{
    static char name[64];
    Suite *suite;
    TCase *tc;

    snprintf(name, sizeof(name), "chapters/%s", chapter);
    suite = suite_create(name);
    tc = tcase_create(chapter);
    chapter_under_test = chapter;
    tcase_set_timeout(tc, 120);
    for (int i = 0; tests[i]; i++)
        tcase_add_test(tc, tests[i]);
    tcase_add_test(tc, book_page_matches);
    suite_add_tcase(suite, tc);
    return suite;
}

#endif
