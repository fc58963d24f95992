/*
 * Chapter 10 - interrupts.
 *
 * An exception comes from the instruction the guest runs; an interrupt
 * comes from outside, at a moment the guest does not choose, and only when
 * the guest lets it in (RFLAGS.IF). This chapter runs its guest twice:
 *
 *   part 1: no interrupt controller in the kernel. The host plays the
 *   controller: it injects vectors with KVM_INTERRUPT, only when the vCPU
 *   can take one, and otherwise asks KVM to tell it when it can (the
 *   interrupt window). Every interrupt costs exits.
 *
 *   part 2: KVM_CREATE_IRQCHIP and KVM_CREATE_PIT2. The kernel emulates
 *   the PICs, the IOAPIC, the local APIC and the PIT; the guest's timer
 *   ticks and its HLTs never reach us. The host drives IRQ lines: with
 *   KVM_IRQ_LINE after an exit, or with no exit at all through an
 *   ioeventfd (the guest's port write) and an irqfd (our answer).
 *
 * Guest memory: 16 MiB, as in chapter 07; the first 1 GiB is mapped.
 */
#include <errno.h>
#include <stdio.h>

#include "c_guest.h"
#include "chapter.h"
#include "cli.h"
#include "clock.h"
#include "guest_end.h"
#include "hypercall_host.h"
#include "irq.h"
#include "irq_ports.h"
#include "irq_relay.h"
#include "report.h"

#define GUEST_MEMORY_SIZE (16 << 20)

enum { HALT_WITH_IF0, MEASURE }; /* our switches, in chapter.switches */

GUEST_EMBEDDED(guest_10_interrupts);

static const struct chapter chapter = {
    .name = "10-interrupts",
    .summary = "Interrupt a C guest: first by injecting vectors with "
               "KVM_INTERRUPT, then through\nthe PICs and PIT in the kernel, "
               "by KVM_IRQ_LINE, an ioeventfd and an irqfd.",
    .runs_guest = true,
    .guest_help = "an ELF64 executable, as in chapter 07, run twice: with "
                  "the configuration\n\"inject\" (no interrupt controller) "
                  "and then \"irqchip\" (PICs and PIT in the kernel).",
    .switches = {{"--halt-with-if0", "ask the guest to halt with interrupts "
                                     "off (a dead guest)"},
                 {"--measure", "print the time per doorbell round trip "
                               "(varies by host)"}},
};

// ANCHOR: doorbell
/* The doorbell (irq_ports.h): what the guest asked for, and what we did. */
struct doorbell {
    struct vm *vm;
    bool in_kernel;       /* part 2: raise the line with KVM_IRQ_LINE */
    int pending;          /* part 1: the vector waiting to go in, or -1 */
    unsigned long rings, injected, ticks;
    bool refused;         /* a bad request ended the run */
    double first, last;   /* when the first and last ring came (--measure) */
};

static enum io_result ring(struct vcpu *vcpu, void *context)
{
    struct doorbell *bell = context;
    struct kvm_run *run = vcpu->run;
    unsigned line;

    if (run->exit_reason != KVM_EXIT_IO || run->io.port != IRQ_DOORBELL_PORT ||
        run->io.direction != KVM_EXIT_IO_OUT || run->io.size != 1)
        return IO_NOT_MINE;
    /* Only now: on an MMIO exit, io.data_offset overlaps the guest's data. */
    line = *((uint8_t *)run + run->io.data_offset);
    bell->last = clock_now();
    if (bell->rings++ == 0)
        bell->first = bell->last;
    /* The guest chose the line: KVM_IRQ_LINE would drop a bad one quietly
     * (vm_irq_line refuses it), and we would inject a vector for it. */
    if (bell->in_kernel ? vm_irq_pulse(bell->vm, line) < 0
                        : !irq_line_valid(line)) {
        errno = bell->in_kernel ? errno : EINVAL;
        report_error_hint("the guest chose it; the IOAPIC has lines 0-23",
                          "the guest rang for IRQ line %u", line);
        bell->refused = true;
        return IO_STOP;
    }
    if (bell->in_kernel)
        return IO_HANDLED;
    if (bell->pending < 0) /* a second ring merges, as on an edge line */
        bell->pending = IRQ_VECTOR_BASE + line;
    if (!run->if_flag)
        printf("host: the guest rang with IF=0: vector %#x waits for an "
               "interrupt window\n", bell->pending);
    return IO_HANDLED;
}
// ANCHOR_END: doorbell

// ANCHOR: run_injecting
/* Run the guest, serving hypercalls and the doorbell; when there is no
 * irqchip, inject what is pending the moment KVM says the guest can take
 * it. A guest that halts with IF=1 and nothing pending gets a timer tick:
 * without a timer in the kernel, the host is the timer. */
static enum run_outcome run_injecting(struct vcpu *vcpu,
                                      struct hypercall_host *host,
                                      struct doorbell *bell, double timeout,
                                      struct run_stats *total)
{
    struct kvm_run *run = vcpu->run;
    double deadline = clock_now() + timeout;
    enum run_outcome outcome;
    struct run_stats stats;

    *total = (struct run_stats){0};
    for (;;) {
        /* Ask for an exit as soon as the guest can take an interrupt. */
        run->request_interrupt_window = bell->pending >= 0;
        outcome = run_with_handler(vcpu, host->console,
                                   clock_left(deadline, CLI_MIN_TIMEOUT),
                                   &stats, hypercall_handle, host);
        total->exits += stats.exits;
        if (clock_now() >= deadline && outcome != RUN_STOPPED)
            return RUN_TIMED_OUT; /* a guest that halts and halts again */
        if (outcome == RUN_HALTED && !run->if_flag)
            return outcome; /* dead: the caller reports it */
        if (outcome == RUN_HALTED && bell->pending < 0) {
            bell->pending = IRQ_VECTOR_BASE + IRQ_TIMER_LINE;
            bell->ticks++;
        } else if (outcome != RUN_HALTED &&
                   !(outcome == RUN_UNHANDLED_EXIT &&
                     run->exit_reason == KVM_EXIT_IRQ_WINDOW_OPEN)) {
            return outcome;
        }
        if (irq_can_inject(run)) {
            if (vcpu_interrupt(vcpu, bell->pending) < 0)
                return RUN_FAILED;
            bell->pending = -1;
            bell->injected++;
        }
    }
}
// ANCHOR_END: run_injecting

// ANCHOR: part1
static int part1(struct machine *machine, const struct options *options,
                 struct hypercall_host *host)
{
    struct doorbell bell = {.vm = &machine->vm, .pending = -1};
    struct run_stats stats;
    enum run_outcome outcome;
    int exit_code;

    printf("host: part 1: no interrupt controller in the kernel\n");
    host->config = options->switched[HALT_WITH_IF0] ? "inject halt-with-if0"
                                                    : "inject";
    host->other = ring;
    host->other_context = &bell;
    outcome = run_injecting(&machine->vcpu, host, &bell, options->timeout,
                            &stats);
    /* A refused doorbell has said why already. */
    exit_code = bell.refused ? EXIT_ERROR
                             : guest_end_report(&machine->vcpu, host, outcome,
                                                options->timeout);
    if (exit_code == EXIT_OK)
        printf("host: KVM_INTERRUPT injected %lu vectors: %lu doorbell, %lu "
               "timer ticks\n",
               bell.injected, bell.injected - bell.ticks, bell.ticks);
    return exit_code;
}
// ANCHOR_END: part1

// ANCHOR: part2
static int part2(struct machine *machine, const struct options *options,
                 struct hypercall_host *host)
{
    struct doorbell bell = {.vm = &machine->vm, .in_kernel = true};
    struct irq_relay relay;
    struct run_stats stats;
    enum run_outcome outcome;
    const char *failed_step;
    int exit_code = EXIT_OK;

    printf("host: part 2: PICs, IOAPIC, local APIC and PIT in the "
           "kernel\n");
    /* The fast doorbell: IRQ_FAST_PORT to IRQ_FAST_LINE, with no exit. */
    if (irq_relay_start(&relay, &machine->vm, IRQ_FAST_PORT, IRQ_FAST_LINE,
                        &failed_step) < 0)
        exit_code = report_error("%s (port %#x, line %d)", failed_step,
                                 IRQ_FAST_PORT, IRQ_FAST_LINE);
    if (exit_code == EXIT_OK) {
        host->config = "irqchip";
        host->other = ring;
        host->other_context = &bell;
        outcome = run_injecting(&machine->vcpu, host, &bell,
                                options->timeout, &stats);
        exit_code = bell.refused ? EXIT_ERROR
                                 : guest_end_report(&machine->vcpu, host,
                                                    outcome, options->timeout);
    }
    irq_relay_stop(&relay);
    if (exit_code != EXIT_OK)
        return exit_code;
    printf("host: the guest exited after %lu exits\n", stats.exits);
    printf("host: doorbells: %lu by exit and KVM_IRQ_LINE, %lu by ioeventfd "
           "and irqfd\n", bell.rings, relay.rings);
    if (options->switched[MEASURE])
        printf("host: per doorbell and interrupt: %.1f us by exit, %.1f "
               "us by eventfds\n",
               clock_us_per_event(bell.first, bell.last, bell.rings),
               clock_us_per_event(relay.first, relay.last, relay.rings));
    return EXIT_OK;
}
// ANCHOR_END: part2

int main(int argc, char **argv)
{
    const struct guest_plan plan = {
        .builtin = GUEST_IMAGE(guest_10_interrupts),
        .room = GUEST_MEMORY_SIZE,
        .memory_size = GUEST_MEMORY_SIZE,
        .elf = true,
        .check = c_guest_check,
    };
    const char *failed_step, *name;
    struct hypercall_host host;
    struct guest_image image;
    struct machine machine;
    struct options options;
    struct console console;
    int exit_code;

    if (cli_parse(&chapter, argc, argv, &options, &exit_code) == CLI_EXIT)
        return exit_code;
    exit_code = chapter_begin(&options, &plan, &image, &machine);
    if (exit_code != EXIT_OK)
        return exit_code;
    name = chapter_guest_name(&options);
    console_init(&console, stdout);

    // ANCHOR: main_run
    host = (struct hypercall_host){.vm = &machine.vm, .console = &console,
                                   .refusals = stderr};
    exit_code = c_guest_start(&machine, &image, name);
    if (exit_code == EXIT_OK)
        exit_code = part1(&machine, &options, &host);
    if (exit_code == EXIT_OK) {
        /* A new machine: the controllers must exist before the vCPU. */
        machine_destroy(&machine);
        if (irq_machine_create(&machine, GUEST_MEMORY_SIZE, &failed_step) < 0)
            exit_code = report_error("%s", failed_step);
    }
    if (exit_code == EXIT_OK) {
        host = (struct hypercall_host){.vm = &machine.vm, .console = &console,
                                       .refusals = stderr};
        exit_code = c_guest_start(&machine, &image, name);
    }
    if (exit_code == EXIT_OK)
        exit_code = part2(&machine, &options, &host);
    // ANCHOR_END: main_run
    chapter_end(&machine, &image);
    return exit_code;
}
