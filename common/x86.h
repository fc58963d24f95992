/*
 * x86.h - architectural facts about x86 that the host needs: control-register
 * and RFLAGS bits, the reset vector. Names follow the Intel SDM, Vol. 3A,
 * "System Architecture Overview" (2.5 Control Registers) and Vol. 1, 3.4.3
 * (EFLAGS).
 *
 * Introduced in chapter 02.
 */
#ifndef KVM101_X86_H
#define KVM101_X86_H

/* CR0 */
#define CR0_PE (1ull << 0)  /* protection enable: protected mode */
#define CR0_MP (1ull << 1)  /* monitor coprocessor */
#define CR0_EM (1ull << 2)  /* emulate the FPU */
#define CR0_TS (1ull << 3)  /* task switched (lazy FPU state) */
#define CR0_ET (1ull << 4)  /* extension type: always 1 since the 486 */
#define CR0_NE (1ull << 5)  /* numeric error: native FPU error reporting */
#define CR0_WP (1ull << 16) /* write protect, even for the kernel */
#define CR0_AM (1ull << 18) /* alignment mask */
#define CR0_NW (1ull << 29) /* not write-through */
#define CR0_CD (1ull << 30) /* cache disable */
#define CR0_PG (1ull << 31) /* paging */

/* CR4 */
#define CR4_VME (1ull << 0)
#define CR4_PVI (1ull << 1)
#define CR4_TSD (1ull << 2)
#define CR4_DE (1ull << 3)
#define CR4_PSE (1ull << 4)  /* 4 MiB pages in 32-bit paging */
#define CR4_PAE (1ull << 5)  /* physical address extension: 64-bit PTEs */
#define CR4_MCE (1ull << 6)
#define CR4_PGE (1ull << 7)  /* global pages */
#define CR4_PCE (1ull << 8)
#define CR4_OSFXSR (1ull << 9)
#define CR4_OSXMMEXCPT (1ull << 10)
#define CR4_UMIP (1ull << 11)
#define CR4_LA57 (1ull << 12)
#define CR4_VMXE (1ull << 13)
#define CR4_FSGSBASE (1ull << 16)
#define CR4_PCIDE (1ull << 17)
#define CR4_OSXSAVE (1ull << 18)
#define CR4_SMEP (1ull << 20)
#define CR4_SMAP (1ull << 21)
#define CR4_PKE (1ull << 22)

/* EFER, the extended feature enable MSR */
#define MSR_EFER 0xc0000080
#define EFER_SCE (1ull << 0)  /* syscall enable */
#define EFER_LME (1ull << 8)  /* long mode enable (set by software) */
#define EFER_LMA (1ull << 10) /* long mode active (set by the CPU) */
#define EFER_NXE (1ull << 11) /* no-execute page bit enable */

/* RFLAGS */
#define RFLAGS_CF (1ull << 0)
#define RFLAGS_FIXED (1ull << 1) /* reserved, always reads as 1 */
#define RFLAGS_PF (1ull << 2)
#define RFLAGS_AF (1ull << 4)
#define RFLAGS_ZF (1ull << 6)
#define RFLAGS_SF (1ull << 7)
#define RFLAGS_TF (1ull << 8)  /* trap: single-step */
#define RFLAGS_IF (1ull << 9)  /* interrupts enabled */
#define RFLAGS_DF (1ull << 10) /* string instructions go down */
#define RFLAGS_OF (1ull << 11)
#define RFLAGS_IOPL (3ull << 12)
#define RFLAGS_NT (1ull << 14)
#define RFLAGS_RF (1ull << 16)
#define RFLAGS_VM (1ull << 17)
#define RFLAGS_AC (1ull << 18)
#define RFLAGS_VIF (1ull << 19)
#define RFLAGS_VIP (1ull << 20)
#define RFLAGS_ID (1ull << 21)

// ANCHOR: reset_vector
/* After reset the CPU fetches its first instruction at CS.base + RIP:
 * 0xffff0000 + 0xfff0 = 0xfffffff0, 16 bytes below 4 GiB (SDM Vol. 3A,
 * 9.1.4 "First Instruction Executed"). */
#define X86_RESET_CS_SELECTOR 0xf000
#define X86_RESET_CS_BASE 0xffff0000ull
#define X86_RESET_RIP 0xfff0ull
// ANCHOR_END: reset_vector

// ANCHOR: real_mode_address
/* Real mode: a linear address is segment * 16 + offset. */
#define X86_REAL_MODE_ADDRESS(segment, offset)                                 \
    (((unsigned long long)(segment) << 4) + (offset))
// ANCHOR_END: real_mode_address

#endif
