/*
 * exit_machine.h - chapter 14's machines: a vCPU started at CPL 0 or CPL 3
 * (user_mode.h) running the exit-costs guest (exit_costs.h), with what each
 * kind of exit needs: the in-kernel irqchip and PIT (or none, so that hlt
 * reaches us), an ioeventfd, an ioeventfd-to-irqfd relay (irq_relay.h),
 * and the vCPU's statistics fd (kvm_stats.h).
 *
 * Like every helper, these return -1 with errno set and never print.
 *
 * Introduced in chapter 14.
 */
#ifndef KVM101_EXIT_MACHINE_H
#define KVM101_EXIT_MACHINE_H

#include <stdbool.h>
#include <stdint.h>

#include "guest.h"
#include "irq_relay.h"
#include "kvm_stats.h"
#include "machine.h"
#include "run.h"
#include "stopper.h"

enum machine_kind {
    WITH_IRQCHIP, /* CPL 0, PICs, IOAPIC, local APIC and PIT in the kernel */
    NO_IRQCHIP,   /* CPL 0, no controllers: hlt exits to us */
    CPL3,         /* CPL 3, with the irqchip and PIT */
    MACHINE_KINDS
};

/* How the host gets the guest's registers after each exit. */
enum regs {
    NO_REGS,   /* it does not */
    SYNC_REGS, /* kvm_run's sync_regs: KVM copies them at every exit */
    GET_REGS,  /* a KVM_GET_REGS ioctl after every exit */
};

struct exit_machine {
    struct machine machine;
    enum machine_kind kind;
    int cpl;
    bool created;
    struct kvm_stats stats;   /* the vCPU's counters */
    int eventfd;              /* signalled by EXIT_COSTS_PORT_EVENT */
    struct irq_relay relay;   /* WITH_IRQCHIP: EXIT_COSTS_PORT_RELAY */
    struct stopper stopper;   /* the time limit, while guarded */
    struct stopper *stoppers[1]; /* the watchdog's list: &stopper */
    struct watchdog watchdog;
};

/* Create the machine of `kind`, load the image at EXIT_COSTS_CODE and
 * set the vCPU up to start there. Returns 0, or -1 with errno set and
 * *failed_step naming what failed (call exit_machine_destroy() either
 * way). */
int exit_machine_create(struct exit_machine *em, enum machine_kind kind,
                        const struct guest_image *image,
                        const char **failed_step);

/* Run the guest to its first READY (and, at CPL 0 with the irqchip,
 * through LOOP_SETUP), for at most `seconds`. RUN_STOPPED when it got
 * there; otherwise what stopped it (exit_machine_run()). */
enum run_outcome exit_machine_start(struct exit_machine *em, double seconds);

/* Fill the mailbox: the guest runs `loop` for `turns` turns when it next
 * runs, and the exits will bring registers back as `regs` says. */
void exit_machine_ask(struct exit_machine *em, int loop, uint64_t turns,
                      enum regs regs);

/* One KVM_RUN (and KVM_GET_REGS for GET_REGS). RUN_UNHANDLED_EXIT: the
 * guest exited, see the vCPU's kvm_run; RUN_TIMED_OUT: the time limit
 * stopped it; RUN_FAILED: an ioctl failed (errno). */
enum run_outcome exit_machine_run(struct exit_machine *em, enum regs regs);

/* Was the last exit the guest's READY? */
bool exit_machine_ready(const struct exit_machine *em);

/* KVM_RUN until READY: RUN_STOPPED then; any other exit is
 * RUN_UNHANDLED_EXIT; or as exit_machine_run(). */
enum run_outcome exit_machine_run_to_ready(struct exit_machine *em);

/* Put a time limit on the KVM_RUNs until exit_machine_unguard(): a guest
 * still in KVM_RUN after `seconds` is stopped (RUN_TIMED_OUT). Returns 0,
 * or -1 with errno set. */
int exit_machine_guard(struct exit_machine *em, double seconds);
void exit_machine_unguard(struct exit_machine *em);

/* Release everything. Safe after a failed or no exit_machine_create(),
 * on a zeroed struct. */
void exit_machine_destroy(struct exit_machine *em);

#endif
