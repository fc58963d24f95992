/*
 * Exercise 06.2 (moderate): which mode is the vCPU in?
 *
 * No register says "long mode" or "real mode": the mode follows from a
 * few bits, which the boot sector changes one at a time. Write your own
 * cpu_mode_of() (chapter 06's host uses dump_cpu_mode(), in
 * common/dump.c; try without looking) so that it names the mode a
 * struct kvm_sregs describes. The test stops a guest on every rung of the
 * ladder from real mode to 64-bit mode, and asks you.
 *
 * Hint: CR0.PE separates real from protected mode. In protected mode,
 * EFER.LMA ("active", set by the CPU) says long mode; EFER.LME ("enable",
 * set by software) is only a request until paging goes on. In long mode,
 * CS.L chooses 64-bit code or compatibility mode; outside it, CS.D (db)
 * chooses 32- or 16-bit code. Setting PE does not change CS.
 *
 * Book: book/06-boot-trampoline.md, "The host reads the mode".
 * Check: make ex EX=06.2
 */
#include <linux/kvm.h>

#include "x86.h" /* CR0_PE, EFER_LME, EFER_LMA, ... */

/* The modes, from the reset state up. The test has a copy of this list:
 * do not change it. */
enum cpu_mode {
    MODE_REAL,          /* CR0.PE clear */
    MODE_PROTECTED_16,  /* protected mode, running 16-bit code */
    MODE_PROTECTED_32,  /* protected mode, running 32-bit code */
    MODE_COMPATIBILITY, /* long mode, running 32- or 16-bit code */
    MODE_64_BIT,        /* long mode, running 64-bit code */
};

/* The mode that these special registers put the vCPU in. */
enum cpu_mode cpu_mode_of(const struct kvm_sregs *sregs)
{
    (void)sregs;
    return MODE_REAL; /* your code here */
}
