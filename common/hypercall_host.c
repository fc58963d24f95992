/*
 * hypercall_host.c - the host's side of the hypercall ABI.
 * Introduced in chapter 07.
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "diagnose.h"
#include "hypercall_host.h"
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

/* Say why a call was refused, and hand the error back to the guest. */
static int64_t refuse(struct hypercall_host *host, int64_t error,
                      const char *call, const char *why)
{
    host->refused++;
    if (host->refusals)
        fprintf(host->refusals, "%s: hypercall %s refused: %s (-%s to the "
                                "guest)\n",
                program_invocation_short_name, call, why,
                error == -HC_EFAULT   ? "EFAULT"
                : error == -HC_EINVAL ? "EINVAL"
                                      : "ENOSYS");
    return error;
}

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

static int64_t hc_get_config(struct hypercall_host *host, uint64_t address,
                             uint64_t size)
{
    size_t length = strlen(host->config);
    char *destination;

    if (size == 0 || size > HC_MAX_STRING)
        return refuse(host, -HC_EINVAL, "get_config", "a bad buffer size");
    destination = vm_guest_to_host(host->vm, address, size);
    if (!destination)
        return refuse(host, -HC_EFAULT, "get_config",
                      "the buffer is not all in guest memory");
    if (length > size - 1)
        length = size - 1; /* cut, as snprintf() does */
    memcpy(destination, host->config, length);
    destination[length] = '\0';
    return strlen(host->config);
}

// ANCHOR: dispatch
int64_t hypercall_dispatch(struct hypercall_host *host, uint64_t number,
                           uint64_t arg0, uint64_t arg1, uint64_t arg2)
{
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
    default:
        return refuse(host, -HC_ENOSYS, "(unknown number)",
                      "no such hypercall");
    }
}
// ANCHOR_END: dispatch

// ANCHOR: handle
enum io_result hypercall_handle(struct vcpu *vcpu, void *context)
{
    struct hypercall_host *host = context;
    struct kvm_run *run = vcpu->run;
    struct kvm_regs *regs = &run->s.regs.regs;
    int64_t result;

    if (run->io.direction != KVM_EXIT_IO_OUT ||
        run->io.port != HYPERCALL_PORT || run->io.size != 4)
        return IO_NOT_MINE;
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

// ANCHOR: hypercall_run
int hypercall_run(struct vcpu *vcpu, struct hypercall_host *host,
                  double timeout)
{
    struct run_stats stats;
    enum run_outcome outcome;

    host->refusals = stderr;
    outcome = run_with_handler(vcpu, host->console, timeout, &stats,
                               hypercall_handle, host);
    if (outcome != RUN_STOPPED && outcome != RUN_HALTED)
        return diagnose_run(vcpu, outcome, timeout);
    if (host->assert_failed) {
        /* The shape of a compiler's message, so editors can jump to it. */
        fprintf(stderr, "%s:%llu: assertion failed: %s\n", host->assert_file,
                (unsigned long long)host->assert_line,
                host->assert_expression);
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
