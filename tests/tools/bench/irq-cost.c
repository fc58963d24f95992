/*
 * irq-cost.c - what one interrupt costs, delivered three ways, against a
 * floor measured in the same run, for `make bench`.
 *
 *   irq-cost [-n INTERRUPTS] [-r REPEATS] GUEST
 *
 * GUEST is guests/bench/irq-loop.S as a flat image. It runs four ways,
 * each on a fresh machine, REPEATS times, taking turns:
 *
 *   floor        N port writes, each one exit and straight back: the
 *                round trip every other way includes at least once
 *   KVM_INTERRUPT  no irqchip: the guest halts, the HLT exits, the host
 *                injects the vector (chapter 10, part 1)
 *   KVM_IRQ_LINE the kernel's PIC: the guest's port write exits, the host
 *                pulses line 5 and re-enters; the guest halts in the kernel
 *                until the PIC delivers (part 2)
 *   irqfd        the same port write is an ioeventfd, answered on an irqfd
 *                by common/irq_relay.c's thread: no exit at all (part 2)
 *
 * Only the run is timed (first KVM_RUN to the guest's DONE write). Prints
 * microseconds per interrupt (median and min of the repeats) and each
 * median as a multiple of the floor's. No verdict: the ratios are what
 * this machine measured.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "timing.h"
#include "guest.h"
#include "irq.h"
#include "irq_relay.h"
#include "machine.h"
#include "real_mode.h"

#define MEMORY_SIZE 0x10000
#define LOAD_ADDRESS 0x1000
#define STACK_TOP 0xfff0
#define COUNT_ADDRESS 0x0500 /* irq-loop.S reads N here */
#define MODE_ADDRESS 0x0502  /* and its mode here */
#define EXIT_PORT 0x0520
#define FAST_PORT 0x0518
#define DONE_PORT 0x0521
#define LINE 5
#define VECTOR (0x20 + LINE)

enum way { FLOOR, INJECT, IRQ_LINE, IRQFD, WAYS }; /* irq-loop.S's modes */

static const char *const way_names[WAYS] = {
    "port-I/O exit (floor)",
    "KVM_INTERRUPT",
    "KVM_IRQ_LINE",
    "irqfd (relay thread)",
};

/* Run until the guest writes DONE_PORT, serving each way's exits.
 * Returns the number of interrupts the host delivered itself (or the
 * floor's exits), or -1. */
static long serve(struct machine *machine, enum way way)
{
    struct kvm_run *run = machine->vcpu.run;
    long served = 0;

    for (;;) {
        if (ioctl(machine->vcpu.fd, KVM_RUN, 0) < 0)
            return -1;
        if (run->exit_reason == KVM_EXIT_IO && run->io.port == DONE_PORT)
            return served;
        if (run->exit_reason == KVM_EXIT_IO && run->io.port == EXIT_PORT) {
            if (way == IRQ_LINE && vm_irq_pulse(&machine->vm, LINE) < 0)
                return -1;
            served++;
            continue;
        }
        if (way != INJECT || (run->exit_reason != KVM_EXIT_HLT &&
                              run->exit_reason != KVM_EXIT_IRQ_WINDOW_OPEN))
            return -1;
        /* Halted with IF=1 (or the window opened): inject, or wait. */
        run->request_interrupt_window = !irq_can_inject(run);
        if (irq_can_inject(run)) {
            if (vcpu_interrupt(&machine->vcpu, VECTOR) < 0)
                return -1;
            served++;
        }
    }
}

/* Run the guest once the given way; returns microseconds per interrupt
 * (or per exit, for the floor), or -1. */
static double measure(enum way way, const struct guest_image *image,
                      unsigned n)
{
    struct irq_relay relay = {.doorbell = -1, .irq = -1};
    struct machine machine;
    const char *step = "";
    double start, elapsed;
    long served;

    if ((way >= IRQ_LINE ? irq_machine_create(&machine, MEMORY_SIZE, &step)
                         : machine_create(&machine, MEMORY_SIZE, &step)) < 0) {
        fprintf(stderr, "irq-cost: %s: %s\n", step, strerror(errno));
        return -1;
    }
    machine.memory[COUNT_ADDRESS] = n & 0xff;
    machine.memory[COUNT_ADDRESS + 1] = n >> 8;
    machine.memory[MODE_ADDRESS] = way;
    if (guest_load_flat(&machine.vm, LOAD_ADDRESS, image) < 0 ||
        real_mode_enter(&machine.vcpu, 0, LOAD_ADDRESS, STACK_TOP) < 0 ||
        (way == IRQFD &&
         irq_relay_start(&relay, &machine.vm, FAST_PORT, LINE, &step) < 0)) {
        fprintf(stderr, "irq-cost: setting up %s: %s\n", way_names[way],
                strerror(errno));
        irq_relay_stop(&relay);
        machine_destroy(&machine);
        return -1;
    }

    start = now_us();
    served = serve(&machine, way);
    elapsed = now_us() - start;

    irq_relay_stop(&relay);
    machine_destroy(&machine);
    if (way == IRQFD && served == 0 && relay.rings == n)
        served = n; /* the relay served them all */
    if (served != (long)n) {
        fprintf(stderr, "irq-cost: %s: %ld served, expected %u\n",
                way_names[way], served, n);
        return -1;
    }
    return elapsed / n;
}

static double median_of(const double *sorted, unsigned n)
{
    return n % 2 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}

int main(int argc, char **argv)
{
    struct guest_image image;
    double *results[WAYS], median[WAYS];
    unsigned n = 500, repeats = 15;
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
        fprintf(stderr, "irq-cost: %s: %s\n", argv[optind], strerror(errno));
        return 1;
    }
    for (int w = 0; w < WAYS; w++)
        if (!(results[w] = calloc(repeats, sizeof(double))))
            return 1;

    /* One untimed run first: the first VM of a process costs more. */
    if (measure(FLOOR, &image, n) < 0)
        return 1;
    for (unsigned r = 0; r < repeats; r++) {
        for (int k = 0; k < WAYS; k++) {
            int w = (k + r) % WAYS; /* take turns going first */

            results[w][r] = measure(w, &image, n);
            if (results[w][r] < 0)
                return 1;
        }
    }

    printf("interrupt cost: %u interrupts (floor: %u exits) per run, %u "
           "runs each way\n", n, n, repeats);
    printf("  %-24s %12s %10s %14s\n", "way", "us median", "us min",
           "x the floor");
    for (int w = 0; w < WAYS; w++) {
        qsort(results[w], repeats, sizeof(double), compare_doubles);
        median[w] = median_of(results[w], repeats);
        printf("  %-24s %12.2f %10.2f %13.1fx\n", way_names[w], median[w],
               results[w][0], median[w] / median[FLOOR]);
    }
    guest_free(&image);
    return 0;

usage:
    fprintf(stderr, "usage: irq-cost [-n INTERRUPTS] [-r REPEATS] GUEST\n");
    return 2;
}
