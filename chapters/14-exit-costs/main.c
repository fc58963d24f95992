/*
 * Chapter 14 - what an exit costs.
 *
 * Every exit leaves the guest, runs the host kernel's handler and, for the
 * exits a VMM serves, returns from KVM_RUN into our loop and goes back in.
 * This chapter times each kind, many times, and prints one line per kind
 * and privilege level: the median and the 10th and 90th percentiles. Then
 * it asks KVM's own counters (KVM_GET_STATS_FD) what happened, so that a
 * reader can see each exit really took place.
 *
 * The guest (guests/14-exit-costs.S) is one loop per kind, run from CPL 0
 * and from CPL 3 (a vCPU started there, common/user_mode.c). Exits that
 * reach us are timed one by one; exits the kernel keeps are timed a loop
 * at a time, less the loop's round trip, divided by its turns.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>

#include "chapter.h"
#include "clock.h"
#include "cost_table.h"
#include "diagnose.h"
#include "exit_costs.h"
#include "exit_machine.h"
#include "report.h"

enum { JSON, COUNT }; /* our switches, in chapter.switches */

#define DEFAULT_COUNT 1000
#define MIN_COUNT 10 /* LOOPS_PER_KIND: at least one turn per loop */
#define MAX_COUNT 1000000
#define LOOPS_PER_KIND 10 /* exits the kernel keeps: timed in 10 loops */

GUEST_EMBEDDED(guest_14_exit_costs);

static const struct chapter chapter = {
    .name = "14-exit-costs",
    .summary = "Time each kind of VM exit from CPL 0 and CPL 3, and check "
               "each against KVM's own\ncounters (KVM_GET_STATS_FD).",
    .runs_guest = true,
    .guest_help = "a flat 64-bit image loaded at 0x10000 (at most 4096 "
                  "bytes) that speaks the\nprotocol of "
                  "common/exit_costs.h; run at CPL 0 and at CPL 3.",
    .switches = {{"--json", "print a JSON array instead of the tables"},
                 {"--count", "exits of each kind (default 1000)", "N"}},
};

// ANCHOR: kinds
/* How a kind is timed: each exit that reaches us, a whole loop of exits
 * the kernel keeps, or a KVM_RUN that never enters the guest. */
enum how { EACH_EXIT, WHOLE_LOOP, NO_ENTRY };

static const struct kind {
    const char *name;
    int loop;          /* the guest's loop (exit_costs.h) */
    enum how how;
    unsigned exit;     /* EACH_EXIT: the exit reason each turn gives us */
    enum regs regs;    /* how we get the registers after each exit */
    bool cpl3;         /* also from CPL 3 (hlt and interrupts need CPL 0) */
    enum machine_kind at_cpl0;
} kinds[] = {
    {"cpuid", LOOP_CPUID, WHOLE_LOOP, 0, NO_REGS, true, WITH_IRQCHIP},
    {"pio", LOOP_PIO, EACH_EXIT, KVM_EXIT_IO, NO_REGS, true, WITH_IRQCHIP},
    {"mmio", LOOP_MMIO, EACH_EXIT, KVM_EXIT_MMIO, NO_REGS, true,
     WITH_IRQCHIP},
    {"pit", LOOP_PIT, WHOLE_LOOP, 0, NO_REGS, true, WITH_IRQCHIP},
    {"hlt", LOOP_HLT, EACH_EXIT, KVM_EXIT_HLT, NO_REGS, false, NO_IRQCHIP},
    {"hlt-irqchip", LOOP_SELF_IPI, WHOLE_LOOP, 0, NO_REGS, false,
     WITH_IRQCHIP},
    {"ioeventfd", LOOP_EVENTFD, WHOLE_LOOP, 0, NO_REGS, true, WITH_IRQCHIP},
    {"irqfd", LOOP_RELAY, WHOLE_LOOP, 0, NO_REGS, false, WITH_IRQCHIP},
    {"sync-regs", LOOP_PIO, EACH_EXIT, KVM_EXIT_IO, SYNC_REGS, true,
     WITH_IRQCHIP},
    {"get-regs", LOOP_PIO, EACH_EXIT, KVM_EXIT_IO, GET_REGS, true,
     WITH_IRQCHIP},
    {"immediate-exit", LOOP_NOTHING, NO_ENTRY, 0, NO_REGS, true,
     WITH_IRQCHIP},
};
#define KINDS (sizeof(kinds) / sizeof(kinds[0]))
// ANCHOR_END: kinds

// ANCHOR: each_exit
/* Exits that reach us, one sample each: from KVM_RUN to KVM_RUN. */
static enum run_outcome time_each_exit(struct exit_machine *em,
                                       const struct kind *kind,
                                       unsigned count, double *ns)
{
    struct kvm_run *run = em->machine.vcpu.run;
    enum run_outcome outcome;
    unsigned taken = 0;
    double start;

    exit_machine_ask(em, kind->loop, count, kind->regs);
    for (;;) {
        start = clock_now();
        outcome = exit_machine_run(em, kind->regs);
        if (outcome != RUN_UNHANDLED_EXIT)
            return outcome; /* failed, or stopped by the time limit */
        if (exit_machine_ready(em) && taken == count)
            return RUN_STOPPED; /* the loop is done */
        if (run->exit_reason != kind->exit || taken == count)
            return RUN_UNHANDLED_EXIT; /* not what the loop makes */
        ns[taken++] = (clock_now() - start) * 1e9;
    }
}
// ANCHOR_END: each_exit

// ANCHOR: whole_loop
/* Exits the kernel keeps: we see the loop's start and end only. Each
 * sample is one loop, less an empty loop's round trip, per turn. */
static enum run_outcome time_whole_loops(struct exit_machine *em,
                                         const struct kind *kind,
                                         unsigned count, double *ns)
{
    unsigned turns = count / LOOPS_PER_KIND;
    double empty[LOOPS_PER_KIND], start, round_trip;
    enum run_outcome outcome = RUN_STOPPED;

    for (int i = 0; i < LOOPS_PER_KIND && outcome == RUN_STOPPED; i++) {
        exit_machine_ask(em, LOOP_NOTHING, 0, NO_REGS);
        start = clock_now();
        outcome = exit_machine_run_to_ready(em);
        empty[i] = (clock_now() - start) * 1e9;
    }
    round_trip = samples_spread(empty, LOOPS_PER_KIND).median;
    for (int i = 0; i < LOOPS_PER_KIND && outcome == RUN_STOPPED; i++) {
        exit_machine_ask(em, kind->loop, turns, NO_REGS);
        start = clock_now();
        outcome = exit_machine_run_to_ready(em);
        ns[i] = ((clock_now() - start) * 1e9 - round_trip) / turns;
    }
    return outcome;
}
// ANCHOR_END: whole_loop

// ANCHOR: no_entry
/* immediate_exit set: KVM_RUN returns EINTR before entering the guest. */
static enum run_outcome time_no_entry(struct exit_machine *em,
                                      unsigned count, double *ns)
{
    struct kvm_run *run = em->machine.vcpu.run;
    double start;
    int result;

    for (unsigned i = 0; i < count; i++) {
        run->immediate_exit = 1;
        start = clock_now();
        result = ioctl(em->machine.vcpu.fd, KVM_RUN, 0);
        ns[i] = (clock_now() - start) * 1e9;
        run->immediate_exit = 0;
        if (result == 0 || errno != EINTR)
            return RUN_FAILED;
    }
    return RUN_STOPPED;
}
// ANCHOR_END: no_entry

// ANCHOR: measure
/* One row: time `count` exits of the kind, and note KVM's counters
 * before and after. Returns the exit code. */
static int measure(struct exit_machine *em, const struct kind *kind,
                   unsigned count, double timeout, struct cost_row *row)
{
    double *ns = calloc(count, sizeof(double));
    enum run_outcome outcome;
    unsigned samples = kind->how == WHOLE_LOOP ? LOOPS_PER_KIND : count;

    if (!ns)
        return report_error("allocating %u samples", count);
    *row = (struct cost_row){.exit = kind->name, .cpl = em->cpl,
                             .count = count};
    if (kind->how == WHOLE_LOOP)
        row->count = count / LOOPS_PER_KIND * LOOPS_PER_KIND;
    cost_counters_read(&em->stats, row->before);
    if (exit_machine_guard(em, timeout) < 0) {
        free(ns);
        return report_error("starting the time limit's thread");
    }
    outcome = kind->how == EACH_EXIT    ? time_each_exit(em, kind, count, ns)
              : kind->how == WHOLE_LOOP ? time_whole_loops(em, kind, count, ns)
                                        : time_no_entry(em, count, ns);
    exit_machine_unguard(em);
    cost_counters_read(&em->stats, row->after);
    row->spread = samples_spread(ns, samples);
    free(ns);
    if (outcome != RUN_STOPPED)
        return diagnose_run(&em->machine.vcpu, outcome, timeout);
    return EXIT_OK;
}
// ANCHOR_END: measure

int main(int argc, char **argv)
{
    struct exit_machine machines[MACHINE_KINDS] = {0};
    struct cost_row rows[2 * KINDS];
    struct guest_image image;
    struct options options;
    const char *failed_step;
    unsigned n = 0;
    long count;
    int exit_code;

    if (cli_parse(&chapter, argc, argv, &options, &exit_code) == CLI_EXIT)
        return exit_code;
    if (cli_number(&chapter, &options, COUNT, DEFAULT_COUNT, MIN_COUNT,
                   MAX_COUNT, &count) < 0)
        return EXIT_USAGE;
    if (guest_choose(options.guest_path, GUEST_IMAGE(guest_14_exit_costs),
                     EXIT_COSTS_CODE_SIZE, GUEST_PIPE_WAIT, &image) < 0)
        return diagnose_guest_file(options.guest_path, &image,
                                   &(struct guest_plan){
                                       .load_address = EXIT_COSTS_CODE,
                                       .room = EXIT_COSTS_CODE_SIZE});

    // ANCHOR: main_run
    exit_code = EXIT_OK;
    for (int m = 0; m < MACHINE_KINDS && exit_code == EXIT_OK; m++) {
        enum run_outcome outcome;

        if (exit_machine_create(&machines[m], m, &image, &failed_step) < 0)
            exit_code = report_error("%s", failed_step);
        else if ((outcome = exit_machine_start(&machines[m], options.timeout))
                 != RUN_STOPPED)
            exit_code = diagnose_run(&machines[m].machine.vcpu, outcome,
                                     options.timeout);
    }
    for (int cpl = 0; cpl <= 3 && exit_code == EXIT_OK; cpl += 3)
        for (size_t k = 0; k < KINDS && exit_code == EXIT_OK; k++) {
            if (cpl == 3 && !kinds[k].cpl3)
                continue;
            exit_code = measure(&machines[cpl ? CPL3 : kinds[k].at_cpl0],
                                &kinds[k], count, options.timeout,
                                &rows[n++]);
        }
    if (exit_code == EXIT_OK && options.switched[JSON])
        cost_table_json(stdout, rows, n);
    else if (exit_code == EXIT_OK)
        cost_table_print(stdout, rows, n);
    // ANCHOR_END: main_run
    for (int m = 0; m < MACHINE_KINDS; m++)
        exit_machine_destroy(&machines[m]);
    guest_free(&image);
    return exit_code;
}
