/*
 * hypercall_host.c - the host's side of the hypercall ABI.
 * Introduced in chapter 07.
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "diagnose.h"
#include "dump.h"
#include "escape.h"
#include "hypercall_host.h"
#include "paging.h"
#include "report.h"
#include "trace.h"

// ANCHOR: read_string
int64_t hypercall_read_string(const struct vm *vm, uint64_t address,
                              char *out, size_t size)
{
    for (size_t i = 0; i < size; i++) {
        const char *byte;

        /* address + i may wrap around 2^64 to a low, valid address. */
        if (address + i < address)
            return -HC_EFAULT;
        byte = vm_guest_to_host(vm, address + i, 1);
        if (!byte)
            return -HC_EFAULT;
        out[i] = *byte;
        if (*byte == '\0')
            return i;
    }
    if (size)
        out[size - 1] = '\0';
    return -HC_EINVAL; /* no end within size bytes */
}
// ANCHOR_END: read_string

// ANCHOR: refuse
/* Say why a call was refused, and hand the error back to the guest. */
static int64_t refuse(struct hypercall_host *host, int64_t error,
                      const char *call, const char *why)
{
    host->refused++;
    /* A guest can make millions of bad calls: show a few, count the rest
     * (hypercall_run() says how many were not shown). */
    if (host->refusals && host->refused <= REFUSALS_SHOWN)
        fprintf(host->refusals, "%s: hypercall %s refused: %s (-%s to the "
                                "guest)\n",
                program_invocation_short_name, call, why,
                error == -HC_EFAULT   ? "EFAULT"
                : error == -HC_EINVAL ? "EINVAL"
                                      : "ENOSYS");
    return error;
}
// ANCHOR_END: refuse

// ANCHOR: write
static int64_t hc_write(struct hypercall_host *host, uint64_t address,
                        uint64_t length)
{
    const char *bytes;

    if (length > HC_MAX_WRITE)
        return refuse(host, -HC_EINVAL, "write",
                      "longer than HC_MAX_WRITE bytes");
    bytes = vm_guest_to_host(host->vm, address, length);
    if (!bytes)
        return refuse(host, -HC_EFAULT, "write",
                      "the buffer is not all in guest memory");
    console_write(host->console, bytes, length);
    return length;
}
// ANCHOR_END: write

// ANCHOR: assert_failed
static int64_t hc_assert_failed(struct hypercall_host *host, uint64_t file,
                                uint64_t line, uint64_t expression)
{
    int64_t error;

    /* The run ends whatever the strings are; unreadable ones say so. */
    host->assert_failed = true;
    host->assert_line = line;
    error = hypercall_read_string(host->vm, file, host->assert_file,
                                  sizeof(host->assert_file));
    if (error < 0) {
        refuse(host, error, "assert_failed", "bad file name string");
        strcpy(host->assert_file, "(unreadable file name)");
    }
    error = hypercall_read_string(host->vm, expression,
                                  host->assert_expression,
                                  sizeof(host->assert_expression));
    if (error < 0) {
        refuse(host, error, "assert_failed", "bad expression string");
        strcpy(host->assert_expression, "(unreadable expression)");
    }
    return 0;
}
// ANCHOR_END: assert_failed

// ANCHOR: get_config
static int64_t hc_get_config(struct hypercall_host *host, uint64_t address,
                             uint64_t size)
{
    size_t length = strlen(host->config);
    char *destination;

    if (size == 0 || size > HC_MAX_STRING)
        return refuse(host, -HC_EINVAL, "get_config", "a bad buffer size");
    /* Writable: not in a ROM, and in a logged slot marked dirty. */
    destination = vm_guest_to_host_writable(host->vm, address, size);
    if (!destination)
        return refuse(host, -HC_EFAULT, "get_config",
                      "the buffer is not all in writable guest memory");
    if (length > size - 1)
        length = size - 1; /* cut, as snprintf() does */
    memcpy(destination, host->config, length);
    destination[length] = '\0';
    return strlen(host->config);
}
// ANCHOR_END: get_config

// ANCHOR: exception
/* The guest's handler caught an exception: keep it and say so. CR2 is
 * read from the guest's registers, not taken from the guest's word. */
static int64_t hc_exception(struct hypercall_host *host, uint64_t vector,
                            uint64_t error_code, uint64_t rip)
{
    char name[64], error[80];

    if (host->exceptions < EXCEPTIONS_KEPT)
        host->caught[host->exceptions] =
            (struct caught_exception){vector, error_code, rip, host->cr2};
    host->exceptions++;
    if (!host->events || host->exceptions > EXCEPTIONS_KEPT)
        return 0; /* counted; hypercall_run() says how many */
    /* The guest's 64 bits, not cut to 32: 2^32 + 13 is not #GP. */
    if (vector > 255)
        snprintf(name, sizeof(name), "vector %#llx (not an exception vector)",
                 (unsigned long long)vector);
    else
        dump_exception_name(vector, name, sizeof(name));
    fprintf(host->events, "host: the guest caught %s at rip %#llx", name,
            (unsigned long long)rip);
    if (vector == 14)
        fprintf(host->events, ", cr2 %#llx, error code %#llx (%s)",
                (unsigned long long)host->cr2,
                (unsigned long long)error_code,
                dump_page_fault_error(error, sizeof(error), error_code));
    else if (vector == 13 || vector == 8 || (vector >= 10 && vector <= 12))
        fprintf(host->events, ", error code %#llx",
                (unsigned long long)error_code);
    fputc('\n', host->events);
    return 0;
}
// ANCHOR_END: exception

// ANCHOR: dispatch
int64_t hypercall_dispatch(struct hypercall_host *host, uint64_t number,
                           uint64_t arg0, uint64_t arg1, uint64_t arg2)
{
    char unknown[24]; /* an unknown call's number, for the refusal */

    host->calls++;
    switch (number) {
    case HC_WRITE:
        return hc_write(host, arg0, arg1);
    case HC_EXIT:
        host->exited = true;
        host->exit_status = arg0;
        return 0;
    case HC_ASSERT_FAILED:
        return hc_assert_failed(host, arg0, arg1, arg2);
    case HC_MEMORY_SIZE:
        return host->vm->slots[0].size;
    case HC_GET_CONFIG:
        return hc_get_config(host, arg0, arg1);
    case HC_EXCEPTION:
        return hc_exception(host, arg0, arg1, arg2);
    default:
        snprintf(unknown, sizeof(unknown), "%llu", (unsigned long long)number);
        return refuse(host, -HC_ENOSYS, unknown, "there is no such call");
    }
}
// ANCHOR_END: dispatch

#define MAX_INSTRUCTION_LENGTH 15 /* bytes, prefixes included (the SDM) */

/* Is a prefix byte: segment override, operand or address size, lock,
 * rep, or REX? */
static bool is_prefix(unsigned char byte)
{
    return byte == 0x26 || byte == 0x2e || byte == 0x36 || byte == 0x3e ||
           byte == 0x64 || byte == 0x65 || byte == 0x66 || byte == 0x67 ||
           byte == 0xf0 || byte == 0xf2 || byte == 0xf3 ||
           (byte >= 0x40 && byte <= 0x4f);
}

// ANCHOR: string_output
/* Is the instruction at rip an `outs` (string output), or unreadable? A
 * string instruction exits with rip still on it, once per element, with
 * RCX and RSI half-way through: its registers are no hypercall. (After
 * `out dx, eax` rip is on it or, on some hosts, past it; the ABI's
 * instruction is never followed straight by an `outs`, so that ambiguity
 * costs nothing.) The code is read through the guest's page tables. */
static bool is_string_output(const struct vcpu *vcpu)
{
    const struct kvm_run *run = vcpu->run;
    uint64_t rip = run->s.regs.regs.rip;

    for (int i = 0; i < MAX_INSTRUCTION_LENGTH; i++) {
        struct page_walk walk;
        const unsigned char *byte;

        if (x86_page_walk(vcpu->vm, run->s.regs.sregs.cr3, rip + i,
                          &walk) < 0 ||
            !(byte = vm_guest_to_host(vcpu->vm, walk.physical_address, 1)))
            return true; /* not readable: not a hypercall we can trust */
        if (!is_prefix(*byte))
            return *byte == 0x6e || *byte == 0x6f; /* outsb, outsw/d */
    }
    return true; /* only prefixes: not an instruction */
}
// ANCHOR_END: string_output

// ANCHOR: handle
enum io_result hypercall_handle(struct vcpu *vcpu, void *context)
{
    struct hypercall_host *host = context;
    struct kvm_run *run = vcpu->run;
    struct kvm_regs *regs = &run->s.regs.regs;
    int64_t result;

    if (run->exit_reason != KVM_EXIT_IO || run->io.port != HYPERCALL_PORT)
        return host->other ? host->other(vcpu, host->other_context)
                           : IO_NOT_MINE;
    /* The ABI is one `out dx, eax`: one 4-byte write, not a string. */
    if (run->io.direction != KVM_EXIT_IO_OUT || run->io.size != 4 ||
        run->io.count != 1 || is_string_output(vcpu)) {
        if (host->refusals)
            fprintf(host->refusals, "%s: not a hypercall: the ABI is one "
                                    "`out dx, eax`, not a string instruction "
                                    "or another size\n",
                    program_invocation_short_name);
        return IO_NOT_MINE; /* the run ends, explained */
    }
    host->cr2 = run->s.regs.sregs.cr2;
    result = hypercall_dispatch(host, regs->rax, regs->rbx, regs->rcx,
                                regs->rsi);
    trace("hypercall %llu(%#llx, %#llx, %#llx) = %" PRId64, regs->rax,
          regs->rbx, regs->rcx, regs->rsi, result);
    if (host->exited || host->assert_failed)
        return IO_STOP;
    /* The result goes into the guest's RAX: change it in kvm_run and mark
     * the registers dirty, and KVM loads them on the next KVM_RUN. */
    regs->rax = result;
    run->kvm_dirty_regs |= KVM_SYNC_X86_REGS;
    return IO_HANDLED;
}
// ANCHOR_END: handle

/* The shape of a compiler's message, so editors can jump to it. The guest
 * chose both strings: escaped, a newline in them cannot start a line of
 * our own, nor an escape sequence reach the terminal. */
static void report_assert_failed(const struct hypercall_host *host)
{
    escape_write(stderr, host->assert_file, strlen(host->assert_file));
    fprintf(stderr, ":%llu: assertion failed: ",
            (unsigned long long)host->assert_line);
    escape_write(stderr, host->assert_expression,
                 strlen(host->assert_expression));
    fputc('\n', stderr);
}

/* How many refusals and exceptions the caps kept off the screen. */
static void report_not_shown(const struct hypercall_host *host)
{
    if (host->refused > REFUSALS_SHOWN)
        fprintf(stderr, "%s: %lu more refused hypercalls not shown\n",
                program_invocation_short_name,
                host->refused - REFUSALS_SHOWN);
    if (host->exceptions > EXCEPTIONS_KEPT)
        printf("host: %d more exceptions not shown\n",
               host->exceptions - EXCEPTIONS_KEPT);
}

// ANCHOR: hypercall_run
int hypercall_run(struct vcpu *vcpu, struct hypercall_host *host,
                  double timeout)
{
    struct run_stats stats;
    enum run_outcome outcome;

    host->refusals = stderr;
    host->events = stdout;
    outcome = run_with_handler(vcpu, host->console, timeout, &stats,
                               hypercall_handle, host);
    report_not_shown(host);
    if (outcome != RUN_STOPPED && outcome != RUN_HALTED)
        return diagnose_run(vcpu, outcome, timeout);
    if (host->assert_failed) {
        report_assert_failed(host);
        return EXIT_ERROR;
    }
    printf("host: the guest %s after %lu exit%s, %lu hypercall%s (%lu "
           "refused)\n",
           host->exited ? "exited" : "halted", stats.exits,
           stats.exits == 1 ? "" : "s", host->calls,
           host->calls == 1 ? "" : "s", host->refused);
    if (host->exited && host->exit_status != 0)
        return report_problem(NULL, "the guest exited with status %llu",
                              (unsigned long long)host->exit_status);
    if (host->exited)
        printf("host: exit status 0\n");
    return EXIT_OK;
}
// ANCHOR_END: hypercall_run
