/*
 * Exercise 13.3 (moderate): reset cost against pages dirtied.
 * A wrong answer: the reset before the call, so each count is the last
 * call's.
 */
#include "clock.h"
#include "sandbox.h"
#include "sandbox_probe.h"

int measure_resets(struct sandbox *sandbox, int max_pages, long pages[],
                   double us[])
{
    for (int k = 0; k <= max_pages; k++) {
        struct sandbox_result result;
        struct sandbox_reset_stats stats;
        double start;

        start = clock_now();
        if (sandbox_reset(sandbox, &stats) < 0)
            return -1;
        if (sandbox_call(sandbox, PROBE_DIRTY, k, NULL, 0, &result) < 0 ||
            result.status != SANDBOX_OK)
            return -1;
        us[k] = (clock_now() - start) * 1e6;
        pages[k] = stats.pages;
    }
    return 0;
}
