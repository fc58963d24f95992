/*
 * Exercise 06.2: a plausible wrong answer, which the test must reject. It
 * looks at EFER.LME, the bit the boot sector sets, instead of EFER.LMA,
 * the bit the CPU sets: between the wrmsr and CR0.PG it calls 32-bit
 * protected mode "compatibility mode".
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
    if (sregs->efer & EFER_LME)
        return sregs->cs.l ? MODE_64_BIT : MODE_COMPATIBILITY;
    return sregs->cs.db ? MODE_PROTECTED_32 : MODE_PROTECTED_16;
}
