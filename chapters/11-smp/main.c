/*
 * Chapter 11 - several vCPUs, started the way firmware starts them.
 *
 * One thread per vCPU: each creates its vCPU, sets it up and runs it with
 * chapter 03's run loop (common/vcpu_thread.c). vCPU 0, the boot
 * processor, gets long mode from the host, as in chapter 07. The others
 * get nothing: KVM marks them UNINITIALIZED, and their KVM_RUN waits in
 * the kernel until the boot processor sends INIT and a SIPI through its
 * local APIC (in the kernel, KVM_CREATE_IRQCHIP). Then each one climbs
 * from real mode to long mode by itself, as chapter 06's boot sector did.
 *
 * Guest memory: 16 MiB, as in chapter 07; the APs' start page is 0x8000.
 */
#include <stdio.h>

#include "c_guest.h"
#include "chapter.h"
#include "cli.h"
#include "guest_end.h"
#include "hypercall_host.h"
#include "kvm.h"
#include "report.h"
#include "smp_guest.h"
#include "vcpu_thread.h"

#define GUEST_MEMORY_SIZE (16 << 20)
#define DEFAULT_VCPUS 2
#define POST_PORT 0x80 /* the climb's checkpoints (chapter 06) */

enum { VCPUS }; /* our switch, in chapter.switches */

GUEST_EMBEDDED(guest_11_smp);

static const struct chapter chapter = {
    .name = "11-smp",
    .summary = "Run a C guest on several vCPUs, a thread each: the boot vCPU "
               "starts the others\nwith INIT-SIPI-SIPI, then they share "
               "counters, a spinlock and an interrupt.",
    .runs_guest = true,
    .guest_help = "an ELF64 executable, as in chapter 07, on N vCPUs: vCPU "
                  "0 starts at its entry\nin long mode, the others wait for "
                  "INIT and SIPI. Its configuration string is N.",
    .switches = {{"--vcpus", "how many vCPUs, 1-16 (default 2)", "N"}},
};

/* What each vCPU's thread has besides its vCPU. */
struct per_vcpu {
    struct hypercall_host host;
    char prefix[24];    /* "vcpu1> " */
    char config[16];    /* what HC_GET_CONFIG hands out: N */
    uint8_t checkpoint; /* the climb's last code on port 0x80, or 0 */
};

/* The climb's checkpoints (port 0x80): kept, to say where a vCPU got. */
static enum io_result note_checkpoint(struct vcpu *vcpu, void *context)
{
    struct kvm_run *run = vcpu->run;

    if (run->exit_reason != KVM_EXIT_IO || run->io.port != POST_PORT ||
        run->io.direction != KVM_EXIT_IO_OUT || run->io.size != 1)
        return IO_NOT_MINE;
    ((struct per_vcpu *)context)->checkpoint =
        *((uint8_t *)run + run->io.data_offset);
    return IO_HANDLED;
}

// ANCHOR: boot_vcpu
/* vCPU 0's set-up, in its own thread: chapter 07's start, long mode at the
 * guest's entry. The machine's vCPU is this thread's (main() points it
 * there), so c_guest_start() sets up the right one. */
struct boot { struct machine *machine; const struct guest_image *image;
              const char *name; int exit_code; };

static int start_boot_vcpu(struct vcpu_thread *thread, const char **failed)
{
    struct boot *boot = thread->setup_context;

    boot->exit_code = c_guest_start(boot->machine, boot->image, boot->name);
    *failed = "starting the guest"; /* c_guest_start() said why */
    return boot->exit_code == EXIT_OK ? 0 : -1;
}

// ANCHOR_END: boot_vcpu

// ANCHOR: prepare
static void prepare(struct vcpu_thread *threads, struct per_vcpu *per,
                    struct vcpu *aps, int count, struct machine *machine,
                    struct boot *boot)
{
    for (int i = 0; i < count; i++) {
        struct per_vcpu *mine = &per[i];

        snprintf(mine->prefix, sizeof(mine->prefix), "vcpu%d> ", i);
        snprintf(mine->config, sizeof(mine->config), "%d", count);
        mine->host = (struct hypercall_host){
            .vm = &machine->vm, .console = &threads[i].console,
            .config = mine->config, .refusals = stderr,
            .other = note_checkpoint, .other_context = mine};
        threads[i] = (struct vcpu_thread){
            .id = i, .vcpu = i == 0 ? &machine->vcpu : &aps[i],
            .setup = i == 0 ? start_boot_vcpu : vcpu_setup_cpuid,
            .setup_context = boot,
            .handler = hypercall_handle, .context = &mine->host};
        console_init(&threads[i].console, stdout);
        threads[i].console.prefix = mine->prefix;
    }
}
// ANCHOR_END: prepare

// ANCHOR: report_vcpu
/* One line for a vCPU that did not end the run itself: where it was. */
static void report_stopped(const struct vcpu_thread *thread,
                           const struct per_vcpu *mine, bool timed_out)
{
    unsigned state = thread->mp_state_after.mp_state;
    unsigned long long rip = thread->vcpu->run->s.regs.regs.rip;

    printf("host: vCPU %d %s: MP_STATE %s", thread->id,
           timed_out ? "stopped by the time limit" : "stopped",
           vcpu_mp_state_name(state));
    if (state == KVM_MP_STATE_UNINITIALIZED)
        printf(", never started (no INIT and SIPI came)\n");
    else if (state == KVM_MP_STATE_HALTED)
        printf(", halted\n");
    else
        printf(", at rip %#llx%s\n", rip,
               mine->checkpoint ? " (it had passed the climb's checkpoint)"
                                : "");
}
// ANCHOR_END: report_vcpu

/* How the run ended, vCPU by vCPU; the exit code. */
static int report_run(struct vcpu_thread *threads, struct per_vcpu *per,
                      int count, const struct vcpu_threads_result *result,
                      double timeout)
{
    int exit_code = EXIT_OK;

    if (result->timed_out)
        exit_code = report_problem("run with --trace to see its exits, or "
                                   "raise --timeout",
                                   "the guest did not finish within %g s",
                                   timeout);
    for (int i = 0; i < count; i++) {
        struct vcpu_thread *thread = &threads[i];

        if (result->timed_out || i != result->first) {
            report_stopped(thread, &per[i], result->timed_out);
            continue;
        }
        printf("host: vCPU %d ended the run\n", thread->id);
        exit_code = guest_end_report(thread->vcpu, &per[i].host,
                                     thread->outcome, timeout);
    }
    return exit_code;
}

// ANCHOR: main_run
static int run(struct machine *machine, const struct guest_image *image,
               const struct options *options, int count)
{
    struct vcpu_thread threads[SMP_MAX_VCPUS];
    struct per_vcpu per[SMP_MAX_VCPUS];
    struct vcpu aps[SMP_MAX_VCPUS];
    struct boot boot = {machine, image, chapter_guest_name(options), 0};
    struct vcpu_threads_result result;
    struct vcpu_group group;
    int exit_code = EXIT_OK;

    prepare(threads, per, aps, count, machine, &boot);
    if (vcpu_threads_start(&group, &machine->vm, threads, count) < 0) {
        for (int i = 0; i < count && exit_code == EXIT_OK &&
                        boot.exit_code == EXIT_OK; i++)
            if (threads[i].failed_step) /* the first one says it */
                exit_code = report_error("vCPU %d: %s", i,
                                         threads[i].failed_step);
        vcpu_threads_destroy(threads, count);
        return boot.exit_code != EXIT_OK ? boot.exit_code : exit_code;
    }
    printf("host: before the first KVM_RUN:");
    for (int i = 0; i < count; i++)
        printf(" vCPU %d %s%s", i,
               vcpu_mp_state_name(threads[i].mp_state_before.mp_state),
               i + 1 < count ? "," : "\n");
    if (vcpu_threads_run(&group, options->timeout, &result) < 0)
        exit_code = report_error("starting the watchdog thread");
    else
        exit_code = report_run(threads, per, count, &result,
                               options->timeout);
    printf("host: all %d vCPU threads joined\n", count);
    vcpu_threads_destroy(threads, count);
    return exit_code;
}
// ANCHOR_END: main_run

int main(int argc, char **argv)
{
    const struct guest_plan plan = {
        .builtin = GUEST_IMAGE(guest_11_smp),
        .room = GUEST_MEMORY_SIZE,
        .memory_size = GUEST_MEMORY_SIZE,
        .elf = true,
        .check = c_guest_check,
        .create = vcpu_threads_machine_create,
    };
    struct guest_image image;
    struct machine machine;
    struct options options;
    long count, max_vcpus, nr_vcpus;
    int exit_code;

    if (cli_parse(&chapter, argc, argv, &options, &exit_code) == CLI_EXIT)
        return exit_code;
    if (cli_number(&chapter, &options, VCPUS, DEFAULT_VCPUS, 1,
                   SMP_MAX_VCPUS, &count) < 0)
        return EXIT_USAGE;
    exit_code = chapter_begin(&options, &plan, &image, &machine);
    if (exit_code != EXIT_OK)
        return exit_code;

    // ANCHOR: main_vcpus
    max_vcpus = kvm_check_extension(machine.kvm_fd, KVM_CAP_MAX_VCPUS);
    nr_vcpus = kvm_check_extension(machine.kvm_fd, KVM_CAP_NR_VCPUS);
    if (count > max_vcpus) {
        fprintf(stderr, "%s: --vcpus %ld: this host's KVM allows at most "
                "%ld (KVM_CAP_MAX_VCPUS) — ask for fewer\n", chapter.name,
                count, max_vcpus);
        exit_code = EXIT_USAGE;
    } else {
        printf("host: %ld vCPU%s, a thread each; KVM suggests at most %ld "
               "(KVM_CAP_NR_VCPUS)\n", count, count == 1 ? "" : "s",
               nr_vcpus);
        exit_code = run(&machine, &image, &options, (int)count);
    }
    // ANCHOR_END: main_vcpus
    chapter_end(&machine, &image);
    return exit_code;
}
