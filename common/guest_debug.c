/*
 * guest_debug.c - KVM_SET_GUEST_DEBUG and the debug registers.
 * Introduced in chapter 15.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "exits.h"
#include "guest_debug.h"
#include "kvm.h"
#include "vm.h"


uint64_t guest_debug_dr7_execute(unsigned slots)
{
    uint64_t dr7 = 0;

    for (int slot = 0; slot < GUEST_DEBUG_SLOTS; slot++)
        if (slots & (1u << slot))
            dr7 |= DR7_LOCAL_ENABLE(slot) |
                   DR7_RW_EXECUTE << DR7_RW_SHIFT(slot);
    return dr7 ? dr7 | DR7_LOCAL_EXACT | DR7_FIXED_ONE : 0;
}

// ANCHOR: set
int guest_debug_set(struct vcpu *vcpu, uint32_t control,
                    const uint64_t addresses[GUEST_DEBUG_SLOTS], uint64_t dr7)
{
    struct kvm_guest_debug debug;

    memset(&debug, 0, sizeof(debug));
    debug.control = control;
    if (addresses)
        for (int slot = 0; slot < GUEST_DEBUG_SLOTS; slot++)
            debug.arch.debugreg[slot] = addresses[slot];
    debug.arch.debugreg[7] = dr7;
    return KVM_IOCTL(vcpu->fd, KVM_SET_GUEST_DEBUG, &debug);
}
// ANCHOR_END: set

enum guest_debug_int3 guest_debug_int3(void)
{
    switch (kvm_host_kind()) {
    case KVM_HOST_NESTED_PVM:
        return INT3_FAILS;
    case KVM_HOST_AMD_TCG:
        return INT3_MISSED;
    default:
        return INT3_STOPS;
    }
}

// ANCHOR: virtual
void *guest_debug_virtual(struct vcpu *vcpu, uint64_t address, size_t length,
                          bool write)
{
    uint64_t physical;
    void *host;

    if (vcpu_translate(vcpu, address, &physical) < 0)
        return NULL;
    host = write ? vm_guest_to_host_writable(vcpu->vm, physical, length)
                 : vm_guest_to_host(vcpu->vm, physical, length);
    if (!host)
        errno = EFAULT;
    return host;
}
// ANCHOR_END: virtual

const char *guest_debug_describe(const struct kvm_debug_exit_arch *debug,
                                 char *text, size_t size)
{
    const char *why = "#DB";

    if (debug->exception == BP_VECTOR)
        why = "#BP, an int3";
    else if (debug->dr6 & DR6_SINGLE_STEP)
        why = "#DB, a single step";
    else
        for (int slot = 0; slot < GUEST_DEBUG_SLOTS; slot++)
            if (debug->dr6 & DR6_HIT(slot)) {
                snprintf(text, size, "exception %u (#DB, breakpoint DR%d)",
                         debug->exception, slot);
                return text;
            }
    snprintf(text, size, "exception %u (%s)", debug->exception, why);
    return text;
}

enum run_outcome guest_debug_run_and_tell(FILE *out, struct vcpu *vcpu,
                                          struct hypercall_host *host,
                                          double timeout)
{
    struct run_stats stats;
    const struct kvm_run *run = vcpu->run;
    enum run_outcome outcome = run_with_handler(vcpu, host->console, timeout,
                                                &stats, hypercall_handle,
                                                host);
    char text[160];

    if (outcome == RUN_UNHANDLED_EXIT && run->exit_reason == KVM_EXIT_DEBUG)
        fprintf(out, "host: KVM_EXIT_DEBUG at rip %#llx: %s\n",
                (unsigned long long)run->debug.arch.pc,
                guest_debug_describe(&run->debug.arch, text, sizeof(text)));
    else if (outcome == RUN_UNHANDLED_EXIT)
        fprintf(out, "host: %s\n", exit_describe(text, sizeof(text), run));
    return outcome;
}
