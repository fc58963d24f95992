/*
 * The test of exercise 09.3, predict a page fault: checks
 * predict_page_fault() against cases worked out from the SDM (Vol. 3A,
 * 4.6 "Access Rights" and 4.7 "Page-Fault Exceptions"), chapter 09's own
 * two page faults among them.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "harness.h"
#include "paging.h"

enum access { ACCESS_READ, ACCESS_WRITE, ACCESS_FETCH };

int predict_page_fault(uint64_t entry, enum access access, bool user,
                       bool cr0_wp);

static const char *const access_names[] = {"read", "write", "fetch"};

struct fault_case {
    uint64_t entry;
    enum access access;
    bool user, cr0_wp;
    int error; /* -1: no fault */
};

/* "no fault" or "error code 0x5" */
static const char *outcome(int error, char *text, size_t size)
{
    if (error < 0)
        snprintf(text, size, "no fault");
    else
        snprintf(text, size, "error code %#x", error);
    return text;
}

static void check_cases(const struct fault_case *cases, int count)
{
    for (int i = 0; i < count; i++) {
        const struct fault_case *c = &cases[i];
        int got = predict_page_fault(c->entry, c->access, c->user, c->cr0_wp);
        char want_text[32], got_text[32];

        ck_assert_msg(got == c->error,
                      "a %s %s, entry %s%s%s%s, CR0.WP=%d: expected %s, you "
                      "said %s",
                      c->user ? "user" : "kernel", access_names[c->access],
                      c->entry & PTE_P ? "P" : "not present",
                      c->entry & PTE_RW ? " RW" : "",
                      c->entry & PTE_US ? " US" : "",
                      c->entry & PTE_NX ? " NX" : "", c->cr0_wp,
                      outcome(c->error, want_text, sizeof(want_text)),
                      outcome(got, got_text, sizeof(got_text)));
    }
}

#define CHECK_CASES(cases) check_cases(cases, sizeof(cases) / sizeof(cases[0]))

START_TEST(pages_that_are_not_there)
{
    static const struct fault_case cases[] = {
        {0, ACCESS_READ, false, false, 0x0},  /* chapter 09's first #PF */
        {0, ACCESS_WRITE, false, false, 0x2}, /* and its second */
        {0, ACCESS_READ, true, false, 0x4},
        {0, ACCESS_WRITE, true, true, 0x6},
        {0, ACCESS_FETCH, false, false, 0x10},
        {PTE_RW | PTE_US, ACCESS_READ, false, false, 0x0}, /* no P */
    };

    CHECK_CASES(cases);
}
END_TEST

START_TEST(accesses_that_are_allowed)
{
    static const struct fault_case cases[] = {
        {PTE_P, ACCESS_READ, false, true, -1},
        {PTE_P | PTE_RW, ACCESS_WRITE, false, true, -1},
        {PTE_P | PTE_US, ACCESS_READ, true, false, -1},
        {PTE_P | PTE_RW | PTE_US, ACCESS_WRITE, true, true, -1},
        {PTE_P | PTE_US, ACCESS_FETCH, false, false, -1}, /* no SMEP */
        {PTE_P | PTE_NX, ACCESS_READ, false, false, -1},
    };

    CHECK_CASES(cases);
}
END_TEST

START_TEST(rights_that_are_broken)
{
    static const struct fault_case cases[] = {
        {PTE_P | PTE_RW, ACCESS_READ, true, false, 0x5},  /* no US */
        {PTE_P | PTE_US, ACCESS_WRITE, true, false, 0x7}, /* no RW */
        {PTE_P, ACCESS_WRITE, false, true, 0x3},          /* WP enforces RW */
        {PTE_P | PTE_NX, ACCESS_FETCH, false, false, 0x11},
        {PTE_P | PTE_US | PTE_NX, ACCESS_FETCH, true, false, 0x15},
    };

    CHECK_CASES(cases);
}
END_TEST

START_TEST(kernel_writes_ignore_rw_without_wp)
{
    static const struct fault_case cases[] = {
        {PTE_P, ACCESS_WRITE, false, false, -1},
        {PTE_P | PTE_US, ACCESS_WRITE, false, false, -1},
        {PTE_P | PTE_US, ACCESS_WRITE, true, false, 0x7}, /* not for users */
    };

    CHECK_CASES(cases);
}
END_TEST

Suite *test_suite(void)
{
    Suite *suite = suite_create("exercise 09.3");

    exercise_check(suite, "pages that are not there", pages_that_are_not_there);
    exercise_check(suite, "accesses that are allowed",
                   accesses_that_are_allowed);
    exercise_check(suite, "rights that are broken", rights_that_are_broken);
    exercise_check(suite, "kernel writes ignore RW while CR0.WP is 0",
                   kernel_writes_ignore_rw_without_wp);
    return suite;
}
