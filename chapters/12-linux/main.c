/*
 * Chapter 12 - boot Linux.
 *
 * Everything so far comes together to boot Debian's own kernel to a
 * program of ours. What the kernel needs from us:
 *
 *   - a serial port it believes in: a 16550A UART at COM1 (0x3f8, IRQ 4),
 *     its console, the reader's terminal at the other end;
 *   - the boot protocol: the bzImage's setup header checked, the kernel
 *     at 1 MiB, a command line, an initramfs, the zero page describing
 *     them and the memory map, and the vCPU at the 64-bit entry point;
 *   - the interrupt controllers and the timer in the kernel (chapter 10);
 *   - an answer for every other port it probes: nothing is there.
 *
 * The initramfs holds one program, /init (init.c), packed by the host
 * into a cpio archive in memory. It prints a line, echoes a typed one and
 * reboots; with reboot=k the kernel writes 0xfe to port 0x64, the PC's
 * reset line, and that ends the run.
 */
#include <errno.h>
#include <linux/kvm_para.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "boot_log.h"
#include "chapter.h"
#include "cpio.h"
#include "device_run.h"
#include "exits.h"
#include "guest.h"
#include "irq.h"
#include "kvm.h"
#include "linux_boot.h"
#include "linux_files.h"
#include "mptable.h"
#include "port_sink.h"
#include "report.h"
#include "serial_host.h"

#define MEMORY_SIZE (256 << 20)
#define COM1_IRQ 4
#define KEYBOARD_COMMAND_PORT 0x64
#define KEYBOARD_RESET 0xfe /* pulse the CPU's reset line */
#define EXIT_INTERRUPTED 130 /* 128 + SIGINT, as a shell reports it */
#define PVM_BOUND 60.0 /* seconds; see the book */
/* What the time limit says on the SVM host when a boot had all the default
 * time: now and then the emulated SVM delivers an interrupt a second time,
 * inside its own handler, and the guest deadlocks (see the book). Not this
 * VMM's doing, and rare: a second run boots. */
static const char svm_host_stop_hint[] =
    "on the SVM host a boot stops like this about once in 30 (QEMU's "
    "emulated SVM delivers an interrupt twice; see the book): run it again";

// ANCHOR: cmdline
/* console=ttyS0: the console is COM1. reboot=k: reboot through the
 * keyboard controller. panic=-1: a panic reboots at once (and so ends
 * the run) instead of hanging. quiet: only warnings and worse on the
 * console, which is slow. nokaslr: load where we say (the book's
 * addresses stay true). pci=off: no PCI bus to probe. */
#define DEFAULT_CMDLINE "console=ttyS0 reboot=k panic=-1 quiet nokaslr pci=off"
/* On nested PVM: the decompressor's own serial output, to see it start. */
#define PVM_CMDLINE_EXTRA " earlyprintk=serial"
// ANCHOR_END: cmdline

GUEST_EMBEDDED(guest_12_linux_init);

enum { TIMING, KERNEL, INITRD, CMDLINE }; /* chapter.switches */

static const struct chapter chapter = {
    .name = "12-linux",
    .summary = "Boot Debian's Linux kernel to a program of ours: a 16550 "
               "UART, the boot protocol,\nan initramfs built in memory.",
    .switches = {{"--timing", "print the time to each milestone of the boot "
                              "(varies by host)"},
                 {"--kernel", "boot FILE, a bzImage (default: Debian's, "
                              "from make kernel)", "FILE"},
                 {"--initrd", "use FILE as the initramfs instead of ours",
                  "FILE"},
                 {"--cmdline", "the kernel's command line (default below)",
                  "TEXT"}},
    .runs_guest = true,
    .default_timeout = 60,
    .guest_help = "none: use --kernel, --initrd and --cmdline. Default "
                  "command line:\n" DEFAULT_CMDLINE,
};

// ANCHOR: board
struct board {
    struct serial_host serial;
    struct port_sink sink;
    struct boot_log log; /* the console, watched for milestones */
    int stop_at;         /* end the run at this milestone (PVM), or -1 */
    bool reset;          /* the guest wrote 0xfe to port 0x64 */
};

/* Every byte the UART sends: to the terminal, and past the milestones. */
static void output(void *context, uint8_t byte)
{
    struct board *board = context;

    boot_log_byte(&board->log, byte);
}
// ANCHOR_END: board

// ANCHOR: devices
static enum io_result devices(struct vcpu *vcpu, void *context)
{
    struct board *board = context;
    struct kvm_run *run = vcpu->run;
    enum io_result result = serial_host_io(&board->serial, run);

    if (result != IO_NOT_MINE) {
        if (board->stop_at >= 0 && board->log.seen[board->stop_at])
            return IO_STOP;
        return result;
    }
    if (run->exit_reason != KVM_EXIT_IO)
        return IO_NOT_MINE; /* MMIO: nothing of ours is there */
    if (run->io.port == KEYBOARD_COMMAND_PORT &&
        run->io.direction == KVM_EXIT_IO_OUT && run->io.size == 1 &&
        *((uint8_t *)run + run->io.data_offset) == KEYBOARD_RESET) {
        board->reset = true;
        return IO_STOP;
    }
    port_sink_access(&board->sink, run);
    return IO_HANDLED;
}
// ANCHOR_END: devices

// ANCHOR: initramfs
/* The initramfs: a newc cpio archive in memory with one file, /init. */
static int build_initramfs(struct guest_image *initrd)
{
    const struct guest_image init = GUEST_IMAGE(guest_12_linux_init);
    char *archive;
    size_t size;

    if (cpio_one_file("init", S_IFREG | 0755, init.data, init.size,
                      &archive, &size) < 0)
        return -1;
    *initrd = (struct guest_image){(uint8_t *)archive, size,
                                   (uint8_t *)archive};
    return 0;
}
// ANCHOR_END: initramfs

// ANCHOR: outcome
static int report_outcome(struct board *board, enum device_run_outcome outcome,
                          struct machine *machine, double timeout)
{
    uint64_t rip = 0;
    const char *state;
    char text[160];

    if (board->serial.irq_errno) {
        errno = board->serial.irq_errno;
        return report_error("KVM_IRQ_LINE %d", COM1_IRQ);
    }
    switch (outcome) {
    case DEVICE_RUN_STOPPED:
        if (board->reset) {
            printf("host: the guest reset the machine (0xfe to port 0x64): "
                   "done\n");
            return EXIT_OK;
        }
        /* PVM: the milestone was reached */
        /* fall through */
    case DEVICE_RUN_TIMED_OUT:
        if (board->stop_at >= 0)
            return report_host_cannot(
                "nested PVM runs guest kernel code in KVM's instruction "
                "emulator: the decompressor %s, and would need 40+ minutes "
                "more; and a stock kernel cannot run userspace under PVM",
                board->log.seen[board->stop_at] ? "printed its first line"
                                            : "printed nothing in 60 s");
        state = vcpu_where(&machine->vcpu, &rip);
        return report_problem(kvm_host_kind() == KVM_HOST_AMD_TCG &&
                                      timeout >= chapter.default_timeout
                                  ? svm_host_stop_hint
                                  : "run with --trace to see its exits, or "
                                    "raise --timeout",
                              "the guest did not finish within %g s (%s at "
                              "rip %#llx)", timeout, state,
                              (unsigned long long)rip);
    case DEVICE_RUN_INTERRUPTED:
        fprintf(stderr, "%s: stopped by Ctrl-C\n", chapter.name);
        return EXIT_INTERRUPTED;
    case DEVICE_RUN_FAILED:
        return report_error("KVM_RUN");
    case DEVICE_RUN_UNHANDLED:
        break;
    }
    return report_problem(exit_explanation(machine->vcpu.run),
                          "guest stopped with %s",
                          exit_describe(text, sizeof(text),
                                        machine->vcpu.run));
}
// ANCHOR_END: outcome

int main(int argc, char **argv)
{
    struct guest_image kernel_file = {0}, initrd = {0};
    struct board board = {.stop_at = -1};
    enum device_run_outcome outcome;
    struct linux_boot_plan plan;
    struct linux_kernel kernel;
    struct run_stats stats;
    struct options options;
    struct machine machine;
    const char *failed_step, *cmdline;
    bool pvm = kvm_host_kind() == KVM_HOST_NESTED_PVM;
    int exit_code;

    if (cli_parse(&chapter, argc, argv, &options, &exit_code) == CLI_EXIT)
        return exit_code;
    if (options.guest_path) {
        fprintf(stderr, "%s: --guest: this chapter boots a kernel — use "
                        "--kernel FILE (and --initrd FILE)\n", chapter.name);
        return EXIT_USAGE;
    }
    // ANCHOR: main_load
    exit_code = linux_read_kernel(options.values[KERNEL], MEMORY_SIZE,
                                  &kernel_file, &kernel);
    if (exit_code == EXIT_OK && options.values[INITRD])
        exit_code = linux_read_initrd(options.values[INITRD], MEMORY_SIZE,
                                      &initrd);
    else if (exit_code == EXIT_OK && build_initramfs(&initrd) < 0)
        exit_code = report_error("building the initramfs");
    cmdline = options.values[CMDLINE] ? options.values[CMDLINE]
              : pvm ? DEFAULT_CMDLINE PVM_CMDLINE_EXTRA : DEFAULT_CMDLINE;
    if (exit_code != EXIT_OK)
        goto out_files;
    if (irq_machine_create(&machine, MEMORY_SIZE, &failed_step) < 0) {
        exit_code = report_error("%s", failed_step);
        goto out_files;
    }
    printf("host: kernel: boot protocol %u.%02u, 64-bit entry, %zu KiB "
           "after %u bytes of setup\n", kernel.version >> 8,
           kernel.version & 0xff, kernel.code_size >> 10, kernel.setup_size);
    if (linux_boot_load(machine.memory, MEMORY_SIZE, &kernel, initrd.data,
                        initrd.size, cmdline, &plan) < 0) {
        exit_code = linux_report_load_error(&kernel, MEMORY_SIZE);
        goto out_machine;
    }
    // ANCHOR: no_pv_eoi
    /* On the SVM host, Linux's timer interrupt nests inside itself when
     * the guest acknowledges interrupts in memory (PV EOI): no PV EOI
     * there, decided by identity (see the book). */
    if (kvm_host_kind() == KVM_HOST_AMD_TCG)
        plan.kvm_features_off = 1u << KVM_FEATURE_PV_EOI;
    // ANCHOR_END: no_pv_eoi
    /* How the interrupts are wired: without it, Linux would keep time
     * with the PIT through the PIC (see the book). */
    if (mptable_write(machine.memory, MEMORY_SIZE, MPTABLE_ADDRESS) < 0) {
        exit_code = report_error("writing the MP table");
        goto out_machine;
    }
    printf("host: initramfs: %zu bytes at %#llx; command line at %#llx:\n"
           "host:   %s\n", initrd.size, (unsigned long long)plan.initrd,
           (unsigned long long)plan.cmdline, cmdline);
    if (linux_boot_enter(&machine, &plan, &failed_step) < 0) {
        exit_code = report_error("%s", failed_step);
        goto out_machine;
    }
    // ANCHOR_END: main_load
    // ANCHOR: main_run
    if (serial_host_start(&board.serial, &machine.vm, COM1_PORT, COM1_IRQ,
                          STDIN_FILENO, output, &board) < 0) {
        exit_code = report_error("starting COM1");
        goto out_machine;
    }
    if (pvm) { /* by identity: see the book */
        board.stop_at = BOOT_FIRST_LINE;
        options.timeout = options.timeout < PVM_BOUND ? options.timeout
                                                      : PVM_BOUND;
    }
    printf("host: entering the kernel at %#llx, zero page at %#llx\n",
           (unsigned long long)plan.entry, (unsigned long long)plan.zero_page);
    boot_log_start(&board.log, stdout);
    outcome = device_run(&machine.vcpu, options.timeout, &stats, devices,
                         &board);
    serial_host_stop(&board.serial);
    boot_log_flush(&board.log);
    exit_code = report_outcome(&board, outcome, &machine, options.timeout);
    if (options.switched[TIMING])
        boot_log_print_timing(&board.log, stdout);
    if (options.trace) {
        printf("host: ports nobody claims (read 0xff, writes ignored):\n");
        port_sink_print(&board.sink, stdout, "host:   ");
    }
    // ANCHOR_END: main_run
out_machine:
    machine_destroy(&machine);
out_files:
    guest_free(&kernel_file);
    guest_free(&initrd);
    return exit_code;
}
