/*
 * bad-selector.S - a 32-bit guest for chapter 04 that loads DS with
 * selector 0x28, GDT entry 5, beyond the end of the chapter's 4-entry GDT.
 * The CPU raises #GP; with no IDT to deliver it the guest triple-faults
 * (KVM_EXIT_SHUTDOWN). Run: 04-protected-mode --guest bad-selector.bin
 */
    .intel_syntax noprefix
    .code32

    .section .text.start, "ax"
    .globl _start
_start:
    mov ax, 0x28            /* index 5: GDTR.limit only covers 0-3 */
    mov ds, ax              /* #GP(0x28) */
    hlt                     /* never reached */
