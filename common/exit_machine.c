/*
 * exit_machine.c - chapter 14's machines. Introduced in chapter 14.
 */
#include <errno.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "exit_costs.h"
#include "exit_machine.h"
#include "exits.h"
#include "irq.h"
#include "kvm.h"
#include "trace.h"
#include "user_mode.h"

// ANCHOR: regions
/* What the guest may reach: its code, its data, a page with no memory
 * behind it (MMIO) and, at CPL 0 only, the local APIC. */
static const struct user_region regions[] = {
    {EXIT_COSTS_CODE, EXIT_COSTS_CODE_SIZE, USER_EXEC},
    {EXIT_COSTS_DATA, EXIT_COSTS_DATA_SIZE, USER_WRITE},
    {EXIT_COSTS_MMIO, 0x1000, USER_WRITE},
    {EXIT_COSTS_LAPIC, 0x1000, USER_WRITE | USER_SUPERVISOR},
};
// ANCHOR_END: regions

// ANCHOR: create
static int start(struct exit_machine *em, const struct guest_image *image,
                 const char **failed_step)
{
    const struct user_mode_plan plan = {
        .system_area = EXIT_COSTS_SYSTEM_AREA,
        .tables = EXIT_COSTS_TABLES,
        .tables_size = EXIT_COSTS_TABLES_SIZE,
        .regions = regions,
        .region_count = sizeof(regions) / sizeof(regions[0]),
        .rip = EXIT_COSTS_CODE,
        .rsp = EXIT_COSTS_STACK_TOP,
        .cpl = em->cpl,
    };

    *failed_step = "loading the guest";
    if (guest_load_flat(&em->machine.vm, EXIT_COSTS_CODE, image) < 0)
        return -1;
    if (user_mode_boot(&em->machine, &plan, failed_step) < 0)
        return -1;
    *failed_step = "KVM_GET_STATS_FD";
    if (kvm_check_extension(em->machine.kvm_fd, KVM_CAP_BINARY_STATS_FD) <=
        0) {
        *failed_step = "KVM_CAP_BINARY_STATS_FD";
        errno = EOPNOTSUPP;
        return -1;
    }
    return kvm_stats_open(em->machine.vcpu.fd, &em->stats);
}

/* The devices each exit needs: an ioeventfd nobody reads (the kernel
 * only counts its signals), and a relay answering on an irqfd. */
static int devices(struct exit_machine *em, const char **failed_step)
{
    *failed_step = "eventfd";
    em->eventfd = eventfd(0, EFD_CLOEXEC);
    if (em->eventfd < 0)
        return -1;
    *failed_step = "KVM_IOEVENTFD";
    if (vm_ioeventfd(&em->machine.vm, em->eventfd, EXIT_COSTS_PORT_EVENT, 1) <
        0)
        return -1;
    if (em->kind != WITH_IRQCHIP)
        return 0;
    return irq_relay_start(&em->relay, &em->machine.vm,
                           EXIT_COSTS_PORT_RELAY, EXIT_COSTS_RELAY_LINE,
                           failed_step);
}

int exit_machine_create(struct exit_machine *em, enum machine_kind kind,
                        const struct guest_image *image,
                        const char **failed_step)
{
    *em = (struct exit_machine){.kind = kind, .cpl = kind == CPL3 ? 3 : 0,
                                .created = true, .eventfd = -1};
    em->stats.fd = -1;
    em->relay.doorbell = em->relay.irq = -1;
    if ((kind == NO_IRQCHIP ? machine_create(&em->machine, EXIT_COSTS_MEMORY,
                                             failed_step)
                            : irq_machine_create(&em->machine,
                                                 EXIT_COSTS_MEMORY,
                                                 failed_step)) < 0) {
        em->created = false;
        return -1;
    }
    if (start(em, image, failed_step) < 0 || devices(em, failed_step) < 0)
        return -1;
    return 0;
}

enum run_outcome exit_machine_start(struct exit_machine *em, double seconds)
{
    enum run_outcome outcome;

    /* To the guest's first READY; then its interrupts, where it has any. */
    if (exit_machine_guard(em, seconds) < 0)
        return RUN_FAILED;
    exit_machine_ask(em, em->kind == WITH_IRQCHIP ? LOOP_SETUP : LOOP_NOTHING,
                     0, NO_REGS);
    outcome = exit_machine_run_to_ready(em);
    if (outcome == RUN_STOPPED)
        outcome = exit_machine_run_to_ready(em);
    exit_machine_unguard(em);
    return outcome;
}
// ANCHOR_END: create

void exit_machine_ask(struct exit_machine *em, int loop, uint64_t turns,
                      enum regs regs)
{
    uint8_t *mailbox = em->machine.memory + EXIT_COSTS_MAILBOX;

    memcpy(mailbox + EXIT_COSTS_MAILBOX_LOOP, &(uint64_t){loop}, 8);
    memcpy(mailbox + EXIT_COSTS_MAILBOX_TURNS, &turns, 8);
    em->machine.vcpu.run->kvm_valid_regs =
        regs == SYNC_REGS ? KVM_SYNC_X86_REGS | KVM_SYNC_X86_SREGS : 0;
}

// ANCHOR: run
enum run_outcome exit_machine_run(struct exit_machine *em, enum regs regs)
{
    struct vcpu *vcpu = &em->machine.vcpu;
    struct kvm_regs registers;
    char text[160];

    while (ioctl(vcpu->fd, KVM_RUN, 0) < 0) {
        if (errno != EINTR)
            return RUN_FAILED;
        vcpu->run->immediate_exit = 0;
        if (stopper_stop_requested(&em->stopper))
            return RUN_TIMED_OUT;
    }
    if (regs == GET_REGS && vcpu_get_regs(vcpu, &registers) < 0)
        return RUN_FAILED;
    if (trace_enabled)
        trace("exit: %s", exit_describe(text, sizeof(text), vcpu->run));
    return RUN_UNHANDLED_EXIT;
}
// ANCHOR_END: run

bool exit_machine_ready(const struct exit_machine *em)
{
    const struct kvm_run *run = em->machine.vcpu.run;

    return run->exit_reason == KVM_EXIT_IO &&
           run->io.port == EXIT_COSTS_PORT_READY &&
           run->io.direction == KVM_EXIT_IO_OUT;
}

enum run_outcome exit_machine_run_to_ready(struct exit_machine *em)
{
    enum run_outcome outcome = exit_machine_run(em, NO_REGS);

    if (outcome != RUN_UNHANDLED_EXIT || !exit_machine_ready(em))
        return outcome;
    return RUN_STOPPED;
}

int exit_machine_guard(struct exit_machine *em, double seconds)
{
    /* The watchdog keeps the array: it must outlive this call. */
    em->stoppers[0] = &em->stopper;
    if (stopper_attach(&em->stopper, em->machine.vcpu.run) < 0)
        return -1;
    if (watchdog_start(&em->watchdog, seconds, em->stoppers, 1) < 0) {
        int saved_errno = errno;

        stopper_detach(&em->stopper);
        errno = saved_errno;
        return -1;
    }
    return 0;
}

void exit_machine_unguard(struct exit_machine *em)
{
    stopper_detach(&em->stopper); /* out of KVM_RUN for good */
    watchdog_cancel(&em->watchdog);
    em->machine.vcpu.run->immediate_exit = 0;
}

void exit_machine_destroy(struct exit_machine *em)
{
    if (!em->created)
        return;
    irq_relay_stop(&em->relay);
    kvm_stats_close(&em->stats);
    if (em->eventfd >= 0)
        close(em->eventfd);
    machine_destroy(&em->machine);
    em->created = false;
}
