/*
 * run.c - the run loop. Introduced in chapter 03.
 */
#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>

#include "escape.h"
#include "exits.h"
#include "run.h"
#include "stopper.h"
#include "trace.h"

void console_init(struct console *console, FILE *out)
{
    console->out = out;
    console->prefix = "guest> ";
    console->length = 0;
}

// ANCHOR: print_line
/* Print the line so far as "guest> ...". The guest chose these bytes and
 * they go to a terminal: escape_write() shows control bytes (a CR that
 * would overwrite the prefix, an ESC that would start a terminal command)
 * as \xHH, and a zero byte too, so the rest of the line does not vanish. */
static void print_line(struct console *console)
{
    flockfile(console->out); /* one line at a time (chapter 11: threads) */
    fputs(console->prefix, console->out);
    escape_write(console->out, console->line, console->length);
    fputc('\n', console->out);
    funlockfile(console->out);
    console->length = 0;
}
// ANCHOR_END: print_line

void console_flush(struct console *console)
{
    if (console->length > 0)
        print_line(console);
}

void console_write(struct console *console, const char *data, size_t size)
{
    for (size_t i = 0; i < size; i++) {
        if (data[i] == '\n') {
            print_line(console); /* an empty line shows as "guest> " */
            continue;
        }
        if (console->length == sizeof(console->line))
            console_flush(console); /* a very long line: break it */
        console->line[console->length++] = data[i];
    }
}


/* vCPU 0's exits say nothing of the vCPU: every chapter before 11 has
 * only that one. Chapter 11's other vCPUs name themselves. */
static void trace_exit(const struct vcpu *vcpu, unsigned long number)
{
    const struct kvm_run *run = vcpu->run;
    char text[160], who[24] = "";

    if (!trace_enabled)
        return;
    if (vcpu->id != 0)
        snprintf(who, sizeof(who), "vCPU %d: ", vcpu->id);
    trace("%sexit %lu at rip %#llx: %s", who, number,
          (unsigned long long)run->s.regs.regs.rip,
          exit_describe(text, sizeof(text), run));
}

// ANCHOR: console_output
/* Is this exit a byte (or a string of bytes) written to COM1? */
static int is_console_output(const struct kvm_run *run)
{
    return run->io.direction == KVM_EXIT_IO_OUT &&
           run->io.port == COM1_PORT && run->io.size == 1;
}
// ANCHOR_END: console_output

// ANCHOR: run_loop
static enum run_outcome run_loop(struct vcpu *vcpu, struct console *console,
                                 struct run_stats *stats, io_handler handler,
                                 void *context, struct stopper *stopper)
{
    struct kvm_run *run = vcpu->run;

    for (;;) {
        if (ioctl(vcpu->fd, KVM_RUN, 0) < 0) {
            if (errno == EAGAIN)
                continue; /* chapter 11: an AP just woken by its SIPI */
            if (errno != EINTR)
                return RUN_FAILED;
            run->immediate_exit = 0;
            if (stopper_stop_requested(stopper))
                return RUN_TIMED_OUT;
            continue; /* some other signal: just go back in */
        }
        stats->exits++;
        trace_exit(vcpu, stats->exits);

        switch (run->exit_reason) {
        case KVM_EXIT_IO:
            if (is_console_output(run)) {
                console_write(console, (char *)run + run->io.data_offset,
                              run->io.count);
                break; /* KVM_RUN again: the guest continues after its out */
            }
            /* Other ports are the handler's, as MMIO is. */
            /* fall through */
        case KVM_EXIT_MMIO:
            switch (handler ? handler(vcpu, context) : IO_NOT_MINE) {
            case IO_HANDLED:
                break;
            case IO_STOP:
                return RUN_STOPPED;
            case IO_NOT_MINE:
                return RUN_UNHANDLED_EXIT;
            }
            break;
        case KVM_EXIT_HLT:
            return RUN_HALTED;
        default:
            return RUN_UNHANDLED_EXIT;
        }
    }
}
// ANCHOR_END: run_loop

// ANCHOR: run_with_handler
enum run_outcome run_with_handler(struct vcpu *vcpu, struct console *console,
                                  double timeout, struct run_stats *stats,
                                  io_handler handler, void *context)
{
    struct stopper stopper, *stoppers[] = {&stopper};
    struct watchdog watchdog;
    enum run_outcome outcome;
    int saved_errno;

    // ANCHOR: sync_regs
    /* sync_regs: after every exit KVM copies the registers into kvm_run,
     * so the loop (and --trace) can read them without another ioctl. */
    vcpu->run->kvm_valid_regs = KVM_SYNC_X86_REGS | KVM_SYNC_X86_SREGS;
    // ANCHOR_END: sync_regs
    *stats = (struct run_stats){0};

    if (stopper_attach(&stopper, vcpu->run) < 0)
        return RUN_FAILED;
    if (watchdog_start(&watchdog, timeout, stoppers, 1) < 0) {
        saved_errno = errno;
        stopper_detach(&stopper);
        errno = saved_errno;
        return RUN_FAILED;
    }
    outcome = run_loop(vcpu, console, stats, handler, context, &stopper);
    saved_errno = errno;
    stopper_detach(&stopper); /* out of KVM_RUN for good */
    watchdog_cancel(&watchdog);
    vcpu->run->immediate_exit = 0;

    console_flush(console);
    errno = saved_errno;
    return outcome;
}
// ANCHOR_END: run_with_handler

// ANCHOR: run_until_halt
enum run_outcome run_until_halt(struct vcpu *vcpu, struct console *console,
                                double timeout, struct run_stats *stats)
{
    return run_with_handler(vcpu, console, timeout, stats, NULL, NULL);
}
// ANCHOR_END: run_until_halt

enum run_outcome run_vcpu(struct vcpu *vcpu, struct console *console,
                          struct run_stats *stats, io_handler handler,
                          void *context, struct stopper *stopper)
{
    vcpu->run->kvm_valid_regs = KVM_SYNC_X86_REGS | KVM_SYNC_X86_SREGS;
    *stats = (struct run_stats){0};
    return run_loop(vcpu, console, stats, handler, context, stopper);
}
