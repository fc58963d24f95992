/*
 * exit-cost.c - what one VM exit costs through the run loop of common/run.c,
 * against the least a loop can do, for `make bench`.
 *
 *   exit-cost [-n EXITS] [-r REPEATS] GUEST
 *
 * GUEST is guests/bench/exit-loop.S as a flat image: it writes to COM1
 * EXITS times (each OUT is an exit) and halts. It is run three ways, each
 * on a fresh machine, REPEATS times, taking turns:
 *
 *   bare       ioctl(KVM_RUN) and a check of exit_reason, nothing else
 *   bare+sync  the same with kvm_run's sync_regs on (registers and special
 *              registers copied into kvm_run at every exit), as run.c asks
 *   run.c      run_until_halt(): sync_regs, the time limit, the console
 *              (to /dev/null here), the exit count, the --trace check
 *
 * Only the run is timed (first KVM_RUN to the HLT exit), not the set-up.
 * Prints microseconds per exit (median and min of the repeats) and the
 * difference between run.c and the bare loop.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "timing.h"
#include "guest.h"
#include "machine.h"
#include "real_mode.h"
#include "run.h"

#define MEMORY_SIZE   0x10000
#define LOAD_ADDRESS  0x1000
#define STACK_TOP     0xfff0
#define COUNT_ADDRESS 0x0500 /* where exit-loop.S reads N */

enum variant { BARE, BARE_SYNC, RUN_C, VARIANTS };

static const char *const variant_names[VARIANTS] = {
    "bare KVM_RUN loop",
    "bare loop + sync_regs",
    "run_until_halt (run.c)",
};

/* The bare loop: returns the number of exits, or -1. */
static long bare_loop(struct vcpu *vcpu)
{
    long exits = 0;

    for (;;) {
        if (ioctl(vcpu->fd, KVM_RUN, 0) < 0)
            return -1;
        exits++;
        if (vcpu->run->exit_reason == KVM_EXIT_IO)
            continue;
        return vcpu->run->exit_reason == KVM_EXIT_HLT ? exits : -1;
    }
}

/* Run the guest once the given way; returns microseconds per exit or -1. */
static double measure(enum variant variant, const struct guest_image *image,
                      unsigned n, FILE *devnull)
{
    struct machine machine;
    struct console console;
    struct run_stats stats;
    const char *step = "";
    double start, elapsed;
    long exits;

    if (machine_create(&machine, MEMORY_SIZE, &step) < 0) {
        fprintf(stderr, "exit-cost: %s: %s\n", step, strerror(errno));
        return -1;
    }
    machine.memory[COUNT_ADDRESS] = n & 0xff;
    machine.memory[COUNT_ADDRESS + 1] = n >> 8;
    if (guest_load_flat(&machine.vm, LOAD_ADDRESS, image) < 0 ||
        real_mode_enter(&machine.vcpu, 0, LOAD_ADDRESS, STACK_TOP) < 0) {
        fprintf(stderr, "exit-cost: setting up: %s\n", strerror(errno));
        machine_destroy(&machine);
        return -1;
    }
    machine.vcpu.run->kvm_valid_regs =
        variant == BARE_SYNC ? KVM_SYNC_X86_REGS | KVM_SYNC_X86_SREGS : 0;
    console_init(&console, devnull);

    start = now_us();
    if (variant == RUN_C)
        exits =
            run_until_halt(&machine.vcpu, &console, 60, &stats) == RUN_HALTED
                ? (long)stats.exits
                : -1;
    else
        exits = bare_loop(&machine.vcpu);
    elapsed = now_us() - start;

    machine_destroy(&machine);
    if (exits != (long)n + 1) {
        fprintf(stderr, "exit-cost: %s: %ld exits, expected %u\n",
                variant_names[variant], exits, n + 1);
        return -1;
    }
    return elapsed / exits;
}

/* The median of n sorted values. */
static double median_of(const double *sorted, unsigned n)
{
    return n % 2 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}

/* Sort values[] and print its median and middle half (25th..75th
 * percentile) as "+0.40 us/exit (middle half -0.20 .. +0.90)". */
static void print_spread(double *values, unsigned n)
{
    qsort(values, n, sizeof(double), compare_doubles);
    printf("%+6.2f us/exit (middle half of the runs %+.2f .. %+.2f)\n",
           median_of(values, n), values[n / 4], values[(3 * n) / 4]);
}

int main(int argc, char **argv)
{
    struct guest_image image;
    double *results[VARIANTS], *run_c_extra, *sync_extra, median[VARIANTS];
    unsigned n = 1000, repeats = 41;
    FILE *devnull;
    int opt;

    while ((opt = getopt(argc, argv, "n:r:")) != -1) {
        if (opt == 'n')
            n = strtoul(optarg, NULL, 0);
        else if (opt == 'r')
            repeats = strtoul(optarg, NULL, 0);
        else
            goto usage;
    }
    if (optind + 1 != argc || n < 1 || n > 0xffff || repeats < 1)
        goto usage;
    if (guest_read_file(argv[optind], MEMORY_SIZE - LOAD_ADDRESS, &image)) {
        fprintf(stderr, "exit-cost: %s: %s\n", argv[optind], strerror(errno));
        return 1;
    }
    devnull = fopen("/dev/null", "w");
    run_c_extra = calloc(repeats, sizeof(double));
    sync_extra = calloc(repeats, sizeof(double));
    for (int v = 0; v < VARIANTS; v++)
        results[v] = calloc(repeats, sizeof(double));
    if (!devnull || !run_c_extra || !sync_extra || !results[VARIANTS - 1])
        return 1;

    /* One untimed run first: the first VM of a process costs more. */
    if (measure(BARE, &image, n, devnull) < 0)
        return 1;
    for (unsigned r = 0; r < repeats; r++) {
        for (int k = 0; k < VARIANTS; k++) {
            int v = (k + r) % VARIANTS; /* take turns going first */

            results[v][r] = measure(v, &image, n, devnull);
            if (results[v][r] < 0)
                return 1;
        }
        /* The machine's speed drifts; runs side by side compare best. */
        run_c_extra[r] = results[RUN_C][r] - results[BARE][r];
        sync_extra[r] = results[BARE_SYNC][r] - results[BARE][r];
    }

    printf("exit cost: %u port-I/O exits + HLT per run, %u runs each way, "
           "taking turns\n",
           n, repeats);
    for (int v = 0; v < VARIANTS; v++) {
        qsort(results[v], repeats, sizeof(double), compare_doubles);
        median[v] = median_of(results[v], repeats);
        printf("  %-26s %6.2f us/exit median (min %.2f)\n", variant_names[v],
               median[v], results[v][0]);
    }
    printf("  run.c minus bare, per run: ");
    print_spread(run_c_extra, repeats);
    printf("    of which sync_regs:      ");
    print_spread(sync_extra, repeats);
    printf("  run loop cost over a bare KVM_RUN loop: %+.2f us/exit "
           "(%+.1f%% of %.2f us)\n",
           median_of(run_c_extra, repeats),
           100 * median_of(run_c_extra, repeats) / median[BARE], median[BARE]);
    guest_free(&image);
    return 0;

usage:
    fprintf(stderr, "usage: exit-cost [-n EXITS] [-r REPEATS] GUEST\n");
    return 2;
}
