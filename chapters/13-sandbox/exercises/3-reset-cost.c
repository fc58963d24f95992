/*
 * Exercise 13.3 (moderate): reset cost against pages dirtied.
 *
 * Complete measure_resets(). For each k from 0 to max_pages: call the
 * probe program's PROBE_DIRTY with argument k (it writes to k pages of
 * its heap), then reset the sandbox, and store the pages the reset put
 * back in pages[k] and the reset's time, in microseconds, in us[k]
 * (clock_now() gives seconds). The sandbox resets by the dirty log, so
 * pages[k] should grow by one page for each page dirtied: the test
 * checks the counts, not the times, which depend on the machine.
 * Returns 0, or -1 when a call does not return (status not SANDBOX_OK)
 * or a reset fails.
 *
 * Hint: one call, one reset, in that order: a reset forgets everything
 * dirtied before it. struct sandbox_reset_stats says how many pages.
 *
 * Book: book/13-sandbox.md, "Which pages? Two ways, measured".
 * Check: make ex EX=13.3
 */
#include "clock.h"
#include "sandbox.h"
#include "sandbox_probe.h"

int measure_resets(struct sandbox *sandbox, int max_pages, long pages[],
                   double us[])
{
    (void)sandbox;
    (void)max_pages;
    (void)pages;
    (void)us;
    return -1; /* your code here */
}
