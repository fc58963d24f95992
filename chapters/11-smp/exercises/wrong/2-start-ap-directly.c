/*
 * Exercise 11.2: a plausible wrong answer, which the test must reject.
 * The registers are right, but the AP is still UNINITIALIZED: its
 * KVM_RUN waits for an INIT and a SIPI that never come.
 */
#include <stdint.h>

#include "real_mode.h"
#include "vcpu.h"

int start_ap_directly(struct vcpu *ap, uint64_t address)
{
    return real_mode_enter(ap, (uint16_t)(address >> 4), 0, 0xfff0);
}
