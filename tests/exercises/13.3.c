/*
 * The test of exercise 13.3, reset cost against pages dirtied: the page
 * counts (one more for each page dirtied), never the times, which belong
 * to the machine.
 */
#include "sandbox13.h"

#define MAX_PAGES 8

int measure_resets(struct sandbox *sandbox, int max_pages, long pages[],
                   double us[]);

START_TEST(each_dirtied_page_is_one_more_page_put_back)
{
    struct sandbox *sandbox;
    long pages[MAX_PAGES + 1] = {0};
    double us[MAX_PAGES + 1] = {0};

    REQUIRE_KVM();
    sandbox = probe_sandbox(NULL, 0, SANDBOX_RESET_DIRTY_LOG);
    ck_assert_int_eq(measure_resets(sandbox, MAX_PAGES, pages, us), 0);
    ck_assert_msg(pages[0] >= 1, "with no page dirtied, the call's stack "
                                 "page is still put back; you have %ld",
                  pages[0]);
    for (int k = 1; k <= MAX_PAGES; k++)
        ck_assert_msg(pages[k] == pages[0] + k,
                      "%d pages dirtied: %ld pages put back, expected %ld",
                      k, pages[k], pages[0] + k);
    for (int k = 0; k <= MAX_PAGES; k++)
        ck_assert_msg(us[k] > 0 && us[k] < 1e6, "us[%d] is %g", k, us[k]);
    sandbox_destroy(sandbox);
}
END_TEST

Suite *test_suite(void)
{
    Suite *suite = suite_create("exercise 13.3");

    exercise_check(suite, "each page dirtied is one more page put back",
                   each_dirtied_page_is_one_more_page_put_back);
    return suite;
}
