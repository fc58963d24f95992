/*
 * cpuid.h - giving a vCPU a CPUID. A new vCPU answers CPUID with almost
 * nothing: no long mode, among others, so a guest that checks finds none
 * and a guest's own wrmsr to EFER.LME faults. The host asks KVM what it can
 * offer (KVM_GET_SUPPORTED_CPUID) and hands that to the vCPU
 * (KVM_SET_CPUID2).
 *
 * Introduced in chapter 05.
 */
#ifndef KVM101_CPUID_H
#define KVM101_CPUID_H

#include <stdbool.h>

#include "vcpu.h"

// ANCHOR: cpuid_bits
/* CPUID leaf 0x80000001, EDX bit 29: "LM", long mode is available; bit
 * 20: "NX", page-table entries may forbid execution (EFER.NXE). */
#define CPUID_EXT_FEATURES 0x80000001u
#define CPUID_EXT_EDX_LM (1u << 29)
#define CPUID_EXT_EDX_NX (1u << 20)
// ANCHOR_END: cpuid_bits

struct cpuid_result {
    int entries;         /* how many leaves the vCPU now has */
    bool has_long_mode;  /* what it says about long mode */
    bool has_nx;         /* and about no-execute pages (chapter 07) */
};

/* Give the vCPU every CPUID leaf KVM supports. Returns 0, or -1 with errno
 * set and *failed_step naming the ioctl. */
int cpuid_set_supported(int kvm_fd, struct vcpu *vcpu,
                        struct cpuid_result *result, const char **failed_step);

#endif
