/*
 * Chapter 15 - debugging a guest.
 *
 * KVM can stop a guest for its host after every instruction (single-step)
 * or when it reaches an address (a breakpoint), with KVM_SET_GUEST_DEBUG;
 * each stop is a KVM_EXIT_DEBUG. This chapter shows both, then puts them
 * behind a GDB remote stub, so that the real gdb can debug the guest at
 * its source lines:
 *
 *   1. chapter 03's real-mode guest, single-stepped: every instruction's
 *      ip and registers;
 *   2. this chapter's C guest stopped by an int3 (a software breakpoint)
 *      at its entry point, stepped once, then stopped by a hardware
 *      breakpoint where the step left it;
 *   3. with --gdb PORT: the stub (common/gdb_*.c) waits for gdb on
 *      127.0.0.1:PORT before the guest's first instruction.
 *
 * Guest memory: chapter 03's 64 KiB for part 1; 16 MiB for the C guest,
 * laid out as chapter 07's.
 */
#include <stdio.h>
#include <unistd.h>

#include "c_guest.h"
#include "chapter.h"
#include "cli.h"
#include "diagnose.h"
#include "gdb_kvm.h"
#include "gdb_server.h"
#include "guest_debug.h"
#include "guest_end.h"
#include "real_mode.h"
#include "report.h"
#include "sw_breakpoint.h"

#define GUEST_MEMORY_SIZE (16 << 20)
#define REAL_MODE_MEMORY 0x10000 /* chapter 03's layout */
#define REAL_MODE_LOAD 0x1000
#define REAL_MODE_STACK 0xfff0
#define STEPS_SHOWN 6
#define HLT 0xf4
#define DEFAULT_GDB_WAIT 600 /* seconds of silence from gdb: a detach */

enum { PORT, WAIT }; /* our switches, in chapter.switches */

GUEST_EMBEDDED(guest_03_real_mode);
GUEST_EMBEDDED(guest_15_debugging);

static const struct chapter chapter = {
    .name = "15-debugging",
    .summary = "Single-step a guest, stop it at breakpoints, and let gdb "
               "debug it\nthrough a GDB remote stub (--gdb PORT).",
    .runs_guest = true,
    .guest_help = "an ELF64 executable, as chapter 07's (built with -g, gdb "
                  "shows its source);\nthe single-step demonstration "
                  "always runs chapter 03's guest.",
    .switches = {{"--gdb", "wait for gdb on 127.0.0.1:PORT (0: any free "
                           "port) before the\n                guest's first "
                           "instruction",
                  "PORT"},
                 {"--gdb-wait", "end the session as a detach after S "
                                "seconds of silence\n                from "
                                "gdb (default 600)",
                  "S"}},
};

// ANCHOR: single_step
/* Part 1: chapter 03's guest, one instruction per KVM_RUN. */
static int single_step_real_mode(double timeout)
{
    struct machine machine;
    struct console console;
    struct run_stats stats;
    enum run_outcome outcome;
    unsigned long steps = 0;
    const char *failed_step;
    int exit_code = EXIT_OK;

    if (machine_create(&machine, REAL_MODE_MEMORY, &failed_step) < 0)
        return report_error("%s", failed_step);
    console_init(&console, stdout);
    if (guest_load_flat(&machine.vm, REAL_MODE_LOAD,
                        &GUEST_IMAGE(guest_03_real_mode)) < 0 ||
        real_mode_enter(&machine.vcpu, 0, REAL_MODE_LOAD,
                        REAL_MODE_STACK) < 0 ||
        guest_debug_set(&machine.vcpu, KVM_GUESTDBG_ENABLE |
                        KVM_GUESTDBG_SINGLESTEP, NULL, 0) < 0) {
        exit_code = report_error("setting up chapter 03's guest");
        goto out;
    }
    printf("host: single-stepping chapter 03's guest\n");
    while ((outcome = run_until_halt(&machine.vcpu, &console, timeout,
                                     &stats)) == RUN_UNHANDLED_EXIT &&
           machine.vcpu.run->exit_reason == KVM_EXIT_DEBUG) {
        const struct kvm_regs *r = &machine.vcpu.run->s.regs.regs;
        uint64_t next = machine.vcpu.run->s.regs.sregs.cs.base + r->rip;

        if (++steps <= STEPS_SHOWN)
            printf("host: step %lu: ip %04llx  ax %04llx bx %04llx "
                   "cx %04llx dx %04llx si %04llx\n", steps, r->rip,
                   r->rax & 0xffff, r->rbx & 0xffff, r->rcx & 0xffff,
                   r->rdx & 0xffff, r->rsi & 0xffff);
        /* A stepped hlt would end in a step exit, not a halt, on some
         * hosts (the book says which): the last instruction runs alone. */
        if (next < REAL_MODE_MEMORY && machine.memory[next] == HLT) {
            printf("host: the next instruction is hlt: stepping off\n");
            if (guest_debug_set(&machine.vcpu, 0, NULL, 0) < 0) {
                exit_code = report_error("KVM_SET_GUEST_DEBUG");
                goto out;
            }
        }
    }
    if (outcome != RUN_HALTED)
        exit_code = diagnose_run(&machine.vcpu, outcome, timeout);
    else
        printf("host: the guest halted after %lu single steps\n", steps);
out:
    machine_destroy(&machine);
    return exit_code;
}
// ANCHOR_END: single_step

// ANCHOR: breakpoints
/* Part 2: an int3 over the guest's first instruction, one step, then a
 * hardware breakpoint at the instruction the guest has reached. */
static int breakpoints(struct machine *machine, struct hypercall_host *host,
                       double timeout)
{
    struct vcpu *vcpu = &machine->vcpu;
    struct sw_breakpoints table = {0};
    uint64_t slots[GUEST_DEBUG_SLOTS] = {0};
    struct kvm_regs regs;
    enum run_outcome outcome;
    uint8_t *code;

    if (vcpu_get_regs(vcpu, &regs) < 0)
        return report_error("KVM_GET_REGS");
    if (guest_debug_int3() == INT3_MISSED) { /* QEMU's SVM: see the book */
        printf("host: no int3 here: its #BP would go to the guest\n");
    } else { /* USE_SW_BP: an int3's #BP exits to us, not to the guest */
        if (!(code = guest_debug_virtual(vcpu, regs.rip, 1, true)) ||
            sw_breakpoint_insert(&table, regs.rip, code) < 0 ||
            guest_debug_set(vcpu, KVM_GUESTDBG_ENABLE |
                            KVM_GUESTDBG_USE_SW_BP, NULL, 0) < 0)
            return report_error("an int3 at rip %#llx", regs.rip);
        printf("host: int3 written over the byte %#04x at the entry point "
               "%#llx\n", table.at[0].saved, regs.rip);
        outcome = guest_debug_run_and_tell(stdout, vcpu, host, timeout);
        sw_breakpoint_remove(&table, regs.rip); /* rip is still on it */
        if (outcome != RUN_UNHANDLED_EXIT)
            goto end;
        printf("host: byte put back\n");
    }
    printf("host: one step\n");
    if (guest_debug_set(vcpu, KVM_GUESTDBG_ENABLE | KVM_GUESTDBG_SINGLESTEP,
                        NULL, 0) < 0)
        return report_error("KVM_SET_GUEST_DEBUG");
    outcome = guest_debug_run_and_tell(stdout, vcpu, host, timeout);
    if (outcome != RUN_UNHANDLED_EXIT ||
        vcpu->run->exit_reason != KVM_EXIT_DEBUG)
        goto end;
    slots[0] = vcpu->run->debug.arch.pc; /* where the step stopped */
    if (guest_debug_set(vcpu, KVM_GUESTDBG_ENABLE | KVM_GUESTDBG_USE_HW_BP,
                        slots, guest_debug_dr7_execute(1u << 0)) < 0)
        return report_error("KVM_SET_GUEST_DEBUG");
    printf("host: hardware breakpoint DR0 at %#llx\n",
           (unsigned long long)slots[0]);
    outcome = guest_debug_run_and_tell(stdout, vcpu, host, timeout);
    if (outcome == RUN_STOPPED)
        printf("host: no KVM_EXIT_DEBUG: the guest ran to its end\n");
    if (outcome != RUN_UNHANDLED_EXIT)
        goto end; /* the SVM host in QEMU's emulator: see the book */
    printf("host: debugging off; the guest runs on\n");
    if (guest_debug_set(vcpu, 0, NULL, 0) < 0)
        return report_error("KVM_SET_GUEST_DEBUG");
    outcome = guest_debug_run_and_tell(stdout, vcpu, host, timeout);
end:
    return guest_end_report(vcpu, host, outcome, timeout);
}
// ANCHOR_END: breakpoints

// ANCHOR: with_gdb
/* Part 3: the stub. The guest has not run yet: gdb finds it stopped at
 * its entry point, as if at a breakpoint. */
static int debug_with_gdb(struct machine *machine,
                          struct hypercall_host *host, long port, long wait,
                          double timeout)
{
    struct gdb_kvm kvm = {.vcpu = &machine->vcpu, .host = host,
                          .timeout = timeout, .outcome = RUN_STOPPED};
    struct gdb_target target;
    struct gdb_session session = {.target = &target, .wait = wait};
    enum gdb_end end = GDB_END_LOST;
    int listener, bound;

    gdb_kvm_target(&kvm, &target);
    listener = gdb_listen(port, &bound);
    if (listener < 0)
        return report_error_hint("pick another port, or 0 for a free one",
                                 "listening on 127.0.0.1:%ld", port);
    printf("listening on 127.0.0.1:%d\n", bound);
    fflush(stdout); /* whoever starts gdb is waiting for this line */
    session.fd = gdb_accept(listener, wait);
    close(listener);
    if (session.fd < 0) {
        printf("host: no gdb within %ld s: the guest runs alone\n", wait);
    } else {
        printf("host: gdb connected\n");
        end = gdb_serve(&session);
        close(session.fd);
    }
    if (end == GDB_END_KILL)
        return report_problem(NULL, "gdb killed the guest (packet k)");
    gdb_session_print_end(stdout, &session, end);
    if (end != GDB_END_GUEST)
        gdb_kvm_run_to_end(&kvm);
    printf("host: %lu packets from gdb (%lu bad), %lu single steps\n",
           session.packets, session.bad_packets, kvm.steps);
    return guest_end_report(&machine->vcpu, host, kvm.outcome, timeout);
}
// ANCHOR_END: with_gdb

int main(int argc, char **argv)
{
    const struct guest_plan plan = {
        .builtin = GUEST_IMAGE(guest_15_debugging),
        .room = GUEST_MEMORY_SIZE,
        .memory_size = GUEST_MEMORY_SIZE,
        .elf = true,
        .check = c_guest_check,
    };
    struct hypercall_host host;
    struct guest_image image;
    struct machine machine;
    struct options options;
    struct console console;
    long port, wait;
    int exit_code;

    if (cli_parse(&chapter, argc, argv, &options, &exit_code) == CLI_EXIT)
        return exit_code;
    if (cli_number(&chapter, &options, PORT, 0, 0, 65535, &port) < 0 ||
        cli_number(&chapter, &options, WAIT, DEFAULT_GDB_WAIT, 1, 86400,
                   &wait) < 0)
        return EXIT_USAGE;
    if (!options.switched[PORT]) {
        exit_code = single_step_real_mode(options.timeout);
        if (exit_code != EXIT_OK)
            return exit_code;
    }
    exit_code = chapter_begin(&options, &plan, &image, &machine);
    if (exit_code != EXIT_OK)
        return exit_code;
    exit_code = c_guest_start(&machine, &image, chapter_guest_name(&options));
    if (exit_code == EXIT_OK) {
        console_init(&console, stdout);
        host = (struct hypercall_host){.vm = &machine.vm, .console = &console,
                                       .config = "", .refusals = stderr,
                                       .events = stdout};
        if (options.switched[PORT])
            exit_code = debug_with_gdb(&machine, &host, port, wait,
                                       options.timeout);
        else
            exit_code = breakpoints(&machine, &host, options.timeout);
    }
    if (exit_code == EXIT_OK)
        printf("host: the guest exited with status 0\n");
    chapter_end(&machine, &image);
    return exit_code;
}
