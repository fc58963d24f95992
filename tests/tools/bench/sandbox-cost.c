/*
 * sandbox-cost.c - what chapter 13's sandbox costs, for `make bench` (g).
 *
 *   sandbox-cost            the warm figures below
 *   sandbox-cost --cold     create a sandbox, make one call, destroy it
 *                           and exit: bench.sh times whole processes
 *
 * Warm, all in one run, on the probe program (guests/tests/sandbox-probe.c):
 *   floor   one host call from CPL 3: the call PROBE_HOST_CALLS makes
 *           1000 of them, each one KVM_RUN round trip (an `out` exit,
 *           the sandbox's check, RAX back through sync_regs), per call
 *   call    PROBE_NOTHING then a reset, and PROBE_DIRTY(k) then a reset
 *           for k = 1..4 pages: the whole cycle a server would run per
 *           request, against the floor
 *   page    what each further dirtied page adds (PROBE_DIRTY(64))
 *   ways    a reset after one dirtied page, by dirty log and by copying
 *           every writable page, for growing memory: where they cross
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guest.h"
#include "sandbox.h"
#include "sandbox_probe.h"
#include "timing.h"

GUEST_EMBEDDED(guest_tests_sandbox_probe);

#define SAMPLES 400

static int64_t nothing(void *context, const struct sandbox_args *args)
{
    (void)context, (void)args;
    return 0;
}

static const struct sandbox_function functions[] = {
    {"nothing", false, nothing},
};

static struct sandbox *create(uint64_t memory_size,
                              enum sandbox_reset_way way)
{
    struct sandbox_config config = sandbox_defaults();
    struct guest_image image = GUEST_IMAGE(guest_tests_sandbox_probe);
    struct sandbox *sandbox;
    const char *failed_step;
    struct sandbox_init init;

    config.memory_size = memory_size;
    config.reset_way = way;
    config.functions = functions;
    config.function_count = 1;
    if (sandbox_create(&sandbox, &config, image.data, image.size,
                       &init, &failed_step) < 0) {
        perror(failed_step);
        exit(1);
    }
    return sandbox;
}

static void must_call(struct sandbox *sandbox, int function,
                      uint64_t argument)
{
    struct sandbox_result result;

    if (sandbox_call(sandbox, function, argument, NULL, 0, &result) < 0 ||
        result.status != SANDBOX_OK) {
        fprintf(stderr, "sandbox-cost: call %d failed\n", function);
        exit(1);
    }
}

static long must_reset(struct sandbox *sandbox)
{
    struct sandbox_reset_stats stats;

    if (sandbox_reset(sandbox, &stats) < 0) {
        perror("sandbox_reset");
        exit(1);
    }
    return stats.pages;
}

static double median(double *us, int n)
{
    qsort(us, n, sizeof(double), compare_doubles);
    return us[n / 2];
}

/* One host call from CPL 3, in microseconds (median per call of 1000). */
static double floor_us(struct sandbox *sandbox)
{
    double us[SAMPLES / 10];

    for (int i = 0; i < SAMPLES / 10; i++) {
        double start = now_us();

        must_call(sandbox, PROBE_HOST_CALLS, 1000);
        us[i] = (now_us() - start) / 1000;
    }
    return median(us, SAMPLES / 10);
}

/* A call dirtying `pages` heap pages, then a reset: median microseconds,
 * and *restored the pages the last reset put back. */
static double cycle_us(struct sandbox *sandbox, uint64_t pages,
                       long *restored)
{
    double us[SAMPLES];

    for (int i = 0; i < SAMPLES; i++) {
        double start = now_us();

        must_call(sandbox, pages ? PROBE_DIRTY : PROBE_NOTHING, pages);
        *restored = must_reset(sandbox);
        us[i] = now_us() - start;
    }
    return median(us, SAMPLES);
}

#define SMALLEST (SANDBOX_PROGRAM + 2 * SANDBOX_STACK_SIZE)

static const char *const way_names[] = {"dirty log", "copy-all"};

/* Call + reset with 0..4 pages dirtied, each way, in the smallest
 * sandbox, against the floor; then what a further page adds. */
static void warm(void)
{
    struct sandbox *sandbox[2] = {
        create(SMALLEST, SANDBOX_RESET_DIRTY_LOG),
        create(SMALLEST, SANDBOX_RESET_COPY_ALL),
    };
    double floor = floor_us(sandbox[0]), us[2][5];
    long restored[2][5];

    printf("    one host call from CPL 3, the floor: %.1f us\n", floor);
    printf("    call + reset, %.2f MiB sandbox:\n", SMALLEST / 1048576.0);
    printf("    %-14s %22s %22s\n", "pages dirtied", "dirty log us (x, pages)",
           "copy-all us (x, pages)");
    for (int pages = 0; pages <= 4; pages++) {
        for (int way = 0; way < 2; way++)
            us[way][pages] = cycle_us(sandbox[way], pages,
                                      &restored[way][pages]);
        printf("    %-14d %9.1f (%4.2fx, %3ld) %9.1f (%4.2fx, %3ld)\n",
               pages, us[0][pages], us[0][pages] / floor, restored[0][pages],
               us[1][pages], us[1][pages] / floor, restored[1][pages]);
    }
    for (int way = 0; way < 2; way++)
        printf("    each further dirtied page, %s: %.2f us\n",
               way_names[way], (us[way][4] - us[way][0]) / 4);
    sandbox_destroy(sandbox[0]);
    sandbox_destroy(sandbox[1]);
}

/* Where the ways cross: call + reset with one page dirtied, for growing
 * memory (the copy copies every writable page; the log costs a write
 * fault per page dirtied and an ioctl). */
static void ways(void)
{
    static const unsigned extra_kib[] = {0, 256, 512, 1024, 4096, 16384};

    printf("    call + reset, 1 page dirtied:\n");
    printf("    %-14s %14s %14s %14s\n", "memory", "writable pages",
           "dirty log us", "copy-all us");
    for (unsigned i = 0; i < sizeof(extra_kib) / sizeof(extra_kib[0]); i++) {
        uint64_t size = SMALLEST + ((uint64_t)extra_kib[i] << 10);
        struct sandbox *dirty = create(size, SANDBOX_RESET_DIRTY_LOG);
        struct sandbox *all = create(size, SANDBOX_RESET_COPY_ALL);
        long restored, writable;
        double log_us = cycle_us(dirty, 1, &restored);
        double all_us = cycle_us(all, 1, &writable);

        printf("    %8.2f MiB %14ld %14.1f %14.1f\n", size / 1048576.0,
               writable, log_us, all_us);
        sandbox_destroy(dirty);
        sandbox_destroy(all);
    }
}
int main(int argc, char **argv)
{
    if (argc > 1 && !strcmp(argv[1], "--cold")) {
        struct sandbox *sandbox = create(4 << 20, SANDBOX_RESET_DIRTY_LOG);

        must_call(sandbox, PROBE_NOTHING, 0);
        sandbox_destroy(sandbox);
        return 0;
    }
    warm();
    ways();
    return 0;
}
