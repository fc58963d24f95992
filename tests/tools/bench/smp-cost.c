/*
 * smp-cost.c - what chapter 11's two new events cost, for `make bench`:
 * starting one AP (INIT-SIPI-SIPI until its C code runs, the climb
 * included) and one IPI from vCPU 1 to vCPU 0 and back through memory,
 * each next to a floor measured in the same run: one port-I/O exit round
 * trip.
 *
 *   smp-cost [-r REPEATS]
 *
 * Runs guests/tests/smp-bench.c (embedded in libguests.a) on 2 vCPUs, a
 * thread each (common/vcpu_thread.c), REPEATS times; the host timestamps
 * the boot vCPU's marks. Prints the median and min of the repeats. No
 * verdict: the figures are what this machine measured.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "timing.h"
#include "elf_loader.h"
#include "guest.h"
#include "hypercall_host.h"
#include "long_mode.h"
#include "machine.h"
#include "smp_bench.h"
#include "vcpu_thread.h"

GUEST_EMBEDDED(guest_tests_smp_bench);

#define MEMORY_SIZE (16 << 20)
#define CHECKPOINT_PORT 0x80 /* the climb's (chapter 06) */

struct bench {
    struct machine m;
    struct elf_info info;
    struct vcpu ap;
    struct vcpu_thread threads[2];
    struct hypercall_host hosts[2];
    double marks[SMP_BENCH_MARKS];
};

static enum io_result mark(struct vcpu *vcpu, void *context)
{
    struct bench *b = context;
    struct kvm_run *run = vcpu->run;
    uint8_t value;

    if (run->exit_reason != KVM_EXIT_IO)
        return IO_NOT_MINE;
    if (run->io.port == CHECKPOINT_PORT)
        return IO_HANDLED;
    if (run->io.port != SMP_BENCH_PORT || run->io.size != 1)
        return IO_NOT_MINE;
    value = *((uint8_t *)run + run->io.data_offset);
    if (value < SMP_BENCH_MARKS && value != SMP_BENCH_MARK_NOTHING)
        b->marks[value] = now_us();
    return IO_HANDLED;
}

static int boot_setup(struct vcpu_thread *thread, const char **failed_step)
{
    struct bench *b = thread->setup_context;

    return long_mode_boot(&b->m, b->info.entry, MEMORY_SIZE, failed_step);
}

/* One run; fills b->marks. Returns 0, or -1 after saying why. */
static int run_once(struct bench *b, FILE *sink)
{
    struct guest_image image = GUEST_IMAGE(guest_tests_smp_bench);
    struct vcpu_threads_result result;
    const char *failed_step = "";
    struct vcpu_group group;
    int status = -1;

    memset(b, 0, sizeof(*b));
    if (vcpu_threads_machine_create(&b->m, MEMORY_SIZE, &failed_step) < 0 ||
        (failed_step = "loading the guest",
         elf_load(&b->m.vm, image.data, image.size, &b->info) != ELF_OK)) {
        fprintf(stderr, "smp-cost: %s failed\n", failed_step);
        machine_destroy(&b->m);
        return -1;
    }
    for (int i = 0; i < 2; i++) {
        b->hosts[i] = (struct hypercall_host){
            .vm = &b->m.vm, .console = &b->threads[i].console,
            .config = "2", .refusals = stderr, .other = mark,
            .other_context = b};
        b->threads[i] = (struct vcpu_thread){
            .id = i, .vcpu = i == 0 ? &b->m.vcpu : &b->ap,
            .setup = i == 0 ? boot_setup : vcpu_setup_cpuid, .setup_context = b,
            .handler = hypercall_handle, .context = &b->hosts[i]};
        console_init(&b->threads[i].console, sink);
    }
    if (vcpu_threads_start(&group, &b->m.vm, b->threads, 2) == 0 &&
        vcpu_threads_run(&group, 60.0, &result) == 0 && !result.timed_out &&
        result.first == 0 && b->hosts[0].exited &&
        b->hosts[0].exit_status == 0 && b->marks[SMP_BENCH_MARK_END] > 0)
        status = 0;
    else
        fprintf(stderr, "smp-cost: the benchmark guest did not finish "
                        "(vCPU %d ended the run)\n", result.first);
    vcpu_threads_destroy(b->threads, 2);
    machine_destroy(&b->m);
    return status;
}

static void print_row(const char *what, double *values, int count,
                      double floor)
{
    qsort(values, count, sizeof(*values), compare_doubles);
    printf("%-44s %10.1f %10.1f %10.1fx\n", what, values[count / 2],
           values[0], values[count / 2] / floor);
}

int main(int argc, char **argv)
{
    int repeats = 21, opt;
    double *floor, *start, *ipi;
    FILE *sink = fopen("/dev/null", "w");
    struct bench *b = calloc(1, sizeof(*b));

    while ((opt = getopt(argc, argv, "r:")) != -1)
        if (opt == 'r')
            repeats = atoi(optarg);
    if (repeats < 1 || !sink || !b)
        return 2;
    floor = calloc(repeats, sizeof(double));
    start = calloc(repeats, sizeof(double));
    ipi = calloc(repeats, sizeof(double));
    if (!floor || !start || !ipi)
        return 1;
    for (int r = 0; r < repeats; r++) {
        if (run_once(b, sink) < 0)
            return 1;
        floor[r] = (b->marks[SMP_BENCH_MARK_START] -
                    b->marks[SMP_BENCH_MARK_FLOOR]) /
                   (SMP_BENCH_FLOOR_ROUNDS + 1);
        start[r] = b->marks[SMP_BENCH_MARK_IPI] -
                   b->marks[SMP_BENCH_MARK_START];
        ipi[r] = (b->marks[SMP_BENCH_MARK_END] -
                  b->marks[SMP_BENCH_MARK_IPI]) /
                 SMP_BENCH_IPI_ROUNDS;
    }
    printf("%-44s %10s %10s %11s\n", "2 vCPUs, a thread each", "median us",
           "min us", "x floor");
    qsort(floor, repeats, sizeof(*floor), compare_doubles);
    print_row("floor: one port-I/O exit round trip", floor, repeats,
              floor[repeats / 2]);
    print_row("starting one AP: INIT-SIPI-SIPI to its C code", start,
              repeats, floor[repeats / 2]);
    print_row("one IPI, vCPU 1 to vCPU 0, answered in memory", ipi, repeats,
              floor[repeats / 2]);
    printf("(%d runs; the AP's start includes its climb to long mode)\n",
           repeats);
    return 0;
}
