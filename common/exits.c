/*
 * exits.c - VM exits for people. Introduced in chapter 03.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "exits.h"

#define NAME(reason) [reason] = #reason
static const char *const exit_names[] = {
    NAME(KVM_EXIT_UNKNOWN),        NAME(KVM_EXIT_EXCEPTION),
    NAME(KVM_EXIT_IO),             NAME(KVM_EXIT_HYPERCALL),
    NAME(KVM_EXIT_DEBUG),          NAME(KVM_EXIT_HLT),
    NAME(KVM_EXIT_MMIO),           NAME(KVM_EXIT_IRQ_WINDOW_OPEN),
    NAME(KVM_EXIT_SHUTDOWN),       NAME(KVM_EXIT_FAIL_ENTRY),
    NAME(KVM_EXIT_INTR),           NAME(KVM_EXIT_SET_TPR),
    NAME(KVM_EXIT_TPR_ACCESS),     NAME(KVM_EXIT_NMI),
    NAME(KVM_EXIT_INTERNAL_ERROR), NAME(KVM_EXIT_SYSTEM_EVENT),
    NAME(KVM_EXIT_IOAPIC_EOI),     NAME(KVM_EXIT_X86_RDMSR),
    NAME(KVM_EXIT_X86_WRMSR),      NAME(KVM_EXIT_DIRTY_RING_FULL),
    NAME(KVM_EXIT_X86_BUS_LOCK),   NAME(KVM_EXIT_NOTIFY),
};
#undef NAME

static const char unknown_exit_name[] = "KVM_EXIT_(unknown)";

const char *exit_name(unsigned reason)
{
    if (reason < sizeof(exit_names) / sizeof(exit_names[0]) &&
        exit_names[reason])
        return exit_names[reason];
    return unknown_exit_name;
}

/* Append printf-style text to buf. */
static void add(char *buf, size_t size, const char *format, ...)
    __attribute__((format(printf, 3, 4)));

static void add(char *buf, size_t size, const char *format, ...)
{
    size_t used = strlen(buf);
    va_list args;

    if (used + 1 >= size)
        return;
    va_start(args, format);
    vsnprintf(buf + used, size - used, format, args);
    va_end(args);
}

/* Bytes as a C string literal, at most `limit` of them. */
static void add_quoted(char *buf, size_t size, const unsigned char *bytes,
                       size_t length, size_t limit)
{
    add(buf, size, "\"");
    for (size_t i = 0; i < length && i < limit; i++) {
        unsigned char c = bytes[i];

        if (c == '\n')
            add(buf, size, "\\n");
        else if (c == '"' || c == '\\')
            add(buf, size, "\\%c", c);
        else if (c >= 0x20 && c < 0x7f)
            add(buf, size, "%c", c);
        else
            add(buf, size, "\\x%02x", c);
    }
    add(buf, size, length > limit ? "\"..." : "\"");
}

// ANCHOR: describe_io
/* Port I/O: the data lives in the kvm_run mapping at io.data_offset, `count`
 * items of `size` bytes each (count > 1 for rep ins/outs). */
static void describe_io(char *buf, size_t size, const struct kvm_run *run)
{
    const unsigned char *data =
        (const unsigned char *)run + run->io.data_offset;
    int out = run->io.direction == KVM_EXIT_IO_OUT;

    add(buf, size, " %s port %#x size %u count %u", out ? "out" : "in",
        run->io.port, run->io.size, run->io.count);
    if (!out)
        return; /* the data is for the host to fill in */
    add(buf, size, " data ");
    if (run->io.size == 1) {
        add_quoted(buf, size, data, run->io.count, 32);
    } else {
        unsigned long long value = 0;

        memcpy(&value, data, run->io.size);
        add(buf, size, "%#llx%s", value, run->io.count > 1 ? " ..." : "");
    }
}
// ANCHOR_END: describe_io

char *exit_describe(char *buf, size_t size, const struct kvm_run *run)
{
    buf[0] = '\0';
    add(buf, size, "%s", exit_name(run->exit_reason));
    /* A reason we have no name for: give its number, to look up in kvm.h. */
    if (exit_name(run->exit_reason) == unknown_exit_name)
        add(buf, size, " reason %u", run->exit_reason);
    switch (run->exit_reason) {
    case KVM_EXIT_IO:
        describe_io(buf, size, run);
        break;
    case KVM_EXIT_MMIO: {
        unsigned long long value = 0;

        memcpy(&value, run->mmio.data, run->mmio.len <= 8 ? run->mmio.len : 8);
        add(buf, size, " %s address %#llx length %u",
            run->mmio.is_write ? "write" : "read",
            (unsigned long long)run->mmio.phys_addr, run->mmio.len);
        if (run->mmio.is_write)
            add(buf, size, " data %#llx", value);
        break;
    }
    case KVM_EXIT_FAIL_ENTRY:
        add(buf, size, " hardware entry failure reason %#llx",
            (unsigned long long)
                run->fail_entry.hardware_entry_failure_reason);
        break;
    case KVM_EXIT_INTERNAL_ERROR:
        add(buf, size, " suberror %u", run->internal.suberror);
        break;
    case KVM_EXIT_SYSTEM_EVENT:
        add(buf, size, " type %u", run->system_event.type);
        break;
    }
    return buf;
}

// ANCHOR: explanations
const char *exit_explanation(const struct kvm_run *run)
{
    switch (run->exit_reason) {
    case KVM_EXIT_SHUTDOWN:
        return "a triple fault: an exception happened while the CPU could "
               "not deliver one (no IDT, a bad IDT entry or a bad stack), "
               "so it gave up";
    case KVM_EXIT_FAIL_ENTRY:
        return "the CPU refused to enter the guest because its state is "
               "invalid (segments, control registers or EFER that do not "
               "fit together)";
    case KVM_EXIT_INTERNAL_ERROR:
        if (run->internal.suberror == KVM_INTERNAL_ERROR_EMULATION)
            return "KVM could not emulate an instruction: code fetched from "
                   "an address with no memory behind it, or an instruction "
                   "KVM's emulator does not know";
        return "KVM hit a state it could not handle (for example an "
               "exception while delivering another one)";
    case KVM_EXIT_IO:
        return "the guest used an I/O port this host does not implement";
    case KVM_EXIT_MMIO:
        return "the guest touched an address with no memory and no device "
               "behind it";
    default:
        return "this run loop does not handle this exit";
    }
}
// ANCHOR_END: explanations

// ANCHOR: entry_failure
const char *exit_entry_failure_reason(unsigned long long reason)
{
    /* Intel VMX: the VM-exit reason, bit 31 set for a failed entry
     * (SDM Vol. 3C, appendix C). AMD SVM: VMEXIT_INVALID, -1. */
    switch (reason & ~0x80000000ull) {
    case 33:
        return "invalid guest state (VMX): a segment, control register, "
               "RFLAGS or EFER value the CPU will not run with";
    case 34:
        return "MSR loading failed (VMX)";
    case 41:
        return "a machine check during entry (VMX)";
    }
    if (reason == ~0ull)
        return "VMEXIT_INVALID (SVM): invalid guest state";
    return NULL;
}
// ANCHOR_END: entry_failure

// ANCHOR: instruction_kind
const char *exit_instruction_kind(const unsigned char *bytes, size_t length)
{
    size_t i = 0;

    /* Skip the prefixes that only change operand size or repeat. */
    while (i < length && (bytes[i] == 0x66 || bytes[i] == 0xf2 ||
                          bytes[i] == 0xf3 || (bytes[i] & 0xf0) == 0x40))
        i++;
    if (i >= length)
        return NULL;
    if (bytes[i] >= 0xd8 && bytes[i] <= 0xdf)
        return "x87 floating point";
    if (bytes[i] == 0xcc || bytes[i] == 0xcd)
        return "int3 or int n, a software interrupt";
    if (bytes[i] == 0xf4)
        return "hlt";
    if (bytes[i] != 0x0f || i + 1 >= length)
        return NULL;
    switch (bytes[i + 1]) {
    case 0x0b: return "ud2, the undefined instruction";
    case 0x01:
        if (i + 2 < length && bytes[i + 2] == 0xc1)
            return "vmcall, a hypercall to KVM itself";
        if (i + 2 < length && (bytes[i + 2] == 0xd0 || bytes[i + 2] == 0xd1))
            return "xgetbv or xsetbv";
        return "a system instruction (lgdt, lidt, invlpg, ...)";
    case 0x05: return "syscall";
    case 0x30: return "wrmsr";
    case 0x32: return "rdmsr";
    case 0xa2: return "cpuid";
    case 0xae: return "fxsave, xsave, a fence or clflush";
    case 0xb8: return "popcnt";
    case 0xbc: case 0xbd: return "bsf/bsr or tzcnt/lzcnt";
    case 0xc7: return "cmpxchg8b/16b, rdrand or rdseed";
    case 0x38: case 0x3a: return "SSSE3/SSE4/AES (three-byte opcode)";
    }
    if (bytes[i + 1] >= 0x10 && bytes[i + 1] <= 0x7f)
        return "SSE (vector registers)";
    return NULL;
}
// ANCHOR_END: instruction_kind
