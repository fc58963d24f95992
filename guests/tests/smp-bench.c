/*
 * smp-bench.c - chapter 11's costs, for make bench
 * (tests/tools/bench/smp-cost.c): the boot processor writes a mark to a
 * port (one exit, which the host timestamps) before and after each step:
 *
 *   MARK_FLOOR     FLOOR_ROUNDS port writes that exit and come straight
 *                  back: the floor, one exit round trip
 *   MARK_START     INIT-SIPI-SIPI to APIC ID 1, until its C code runs
 *   MARK_IPI       IPI_ROUNDS ping-pongs: vCPU 1 sends an IPI, vCPU 0
 *                  takes it (waiting in sti; hlt) and answers in memory
 *   MARK_END       done
 */
#include "idt.h"
#include "interrupts.h"
#include "kvm101.h"
#include "smp.h"
#include "smp_bench.h"

static volatile uint32_t taken, answered;

static void on_interrupt(unsigned vector)
{
    if (vector == SMP_IPI_VECTOR)
        taken++;
    apic_eoi();
}

static void on_exception(struct exception_frame *frame)
{
    printf("exception %lu at rip %#lx\n", frame->vector, frame->rip);
    hc_exit(1);
}

/* vCPU 1: an IPI, then wait for vCPU 0's answer, IPI_ROUNDS times. */
static void pinger(unsigned id)
{
    (void)id;
    for (uint32_t round = 1; round <= SMP_BENCH_IPI_ROUNDS; round++) {
        apic_send_ipi(0);
        while (answered != round)
            __asm__ volatile("pause");
    }
}

int main(void)
{
    idt_install(on_exception);
    interrupts_install(on_interrupt);
    apic_map();
    apic_enable();
    outb(SMP_BENCH_PORT, SMP_BENCH_MARK_FLOOR);
    for (int i = 0; i < SMP_BENCH_FLOOR_ROUNDS; i++)
        outb(SMP_BENCH_PORT, SMP_BENCH_MARK_NOTHING);
    outb(SMP_BENCH_PORT, SMP_BENCH_MARK_START);
    smp_start_ap(1, pinger);
    outb(SMP_BENCH_PORT, SMP_BENCH_MARK_IPI);
    for (uint32_t round = 1; round <= SMP_BENCH_IPI_ROUNDS; round++) {
        wait_for_change(&taken, round - 1);
        answered = round;
    }
    outb(SMP_BENCH_PORT, SMP_BENCH_MARK_END);
    return 0;
}
