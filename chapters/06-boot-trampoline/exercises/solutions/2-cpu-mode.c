/*
 * Exercise 06.2 (moderate): which mode is the vCPU in? A reference
 * solution.
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
        return MODE_REAL; /* whatever CS's hidden part says */
    /* LMA, not LME: the CPU sets LMA when paging goes on with LME. */
    if (sregs->efer & EFER_LMA)
        return sregs->cs.l ? MODE_64_BIT : MODE_COMPATIBILITY;
    return sregs->cs.db ? MODE_PROTECTED_32 : MODE_PROTECTED_16;
}
