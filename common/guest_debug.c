/*
 * guest_debug.c - KVM_SET_GUEST_DEBUG and the debug registers.
 * Introduced in chapter 15.
 */
#include <string.h>

#include "guest_debug.h"
#include "kvm.h"

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
