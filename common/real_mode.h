/*
 * real_mode.h - starting a vCPU in 16-bit real mode at an address we choose.
 *
 * Introduced in chapter 03.
 */
#ifndef KVM101_REAL_MODE_H
#define KVM101_REAL_MODE_H

#include <stdint.h>

#include "vcpu.h"

/* Point every segment register at `segment` (base = segment * 16) and start
 * at segment:ip with the stack at segment:sp and interrupts off. Returns 0,
 * or -1 with errno set. */
int real_mode_enter(struct vcpu *vcpu, uint16_t segment, uint16_t ip,
                    uint16_t sp);

#endif
