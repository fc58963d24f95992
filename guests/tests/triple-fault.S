/*
 * triple-fault.S - a guest that switches to protected mode with no IDT and
 * then raises an exception.
 *
 * ud2 raises #UD; with an IDT limit of 0 the CPU cannot deliver it and
 * raises #GP, which it cannot deliver either: #DF, and a fault while
 * delivering #DF is a triple fault. KVM reports it as KVM_EXIT_SHUTDOWN.
 *
 * Why protected mode first: in real mode, a nested PVM host (HOST.md) gives
 * KVM_EXIT_INTERNAL_ERROR for ud2 with IDTR.limit 0 instead of a shutdown.
 */
    .intel_syntax noprefix
    .code16

    .section .text.start, "ax"
    .globl _start
_start:
    lidt [no_idt]           /* IDTR = base 0, limit 0: no vector fits */
    mov eax, cr0
    or eax, 1               /* CR0.PE: protected mode from here on */
    mov cr0, eax
    ud2                     /* #UD -> #GP -> #DF -> triple fault */
    hlt                     /* never reached */

    .section .rodata
no_idt:
    .word 0                 /* limit */
    .long 0                 /* base */
