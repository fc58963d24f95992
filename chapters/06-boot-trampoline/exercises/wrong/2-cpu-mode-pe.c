/*
 * Exercise 06.2: a plausible wrong answer, which the test must reject. It
 * takes CR0.PE for "32-bit": right after `mov cr0, eax` the CPU is in
 * protected mode but still runs 16-bit code, until the far jump loads CS.
 */
#include <linux/kvm.h>

#include "x86.h"

enum cpu_mode {
    MODE_REAL,
    MODE_PROTECTED_16,
    MODE_PROTECTED_32,
    MODE_COMPATIBILITY,
    MODE_64_BIT,
};

enum cpu_mode cpu_mode_of(const struct kvm_sregs *sregs)
{
    if (!(sregs->cr0 & CR0_PE))
        return MODE_REAL;
    if (sregs->efer & EFER_LMA)
        return sregs->cs.l ? MODE_64_BIT : MODE_COMPATIBILITY;
    return MODE_PROTECTED_32;
}
