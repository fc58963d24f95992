/*
 * exit-loop.S - the guest of tests/tools/bench/exit-cost.c (`make bench`):
 * N writes to the COM1 data port, then HLT. Every OUT is one exit to the
 * host, so the time from the first KVM_RUN to the halt, divided by N + 1,
 * is what one exit costs (plus the two instructions between exits).
 *
 * Loaded at 0x1000 and started in real mode like the chapter 03 guest
 * (0000:1000, DS = 0). The host writes N, 1..65535, at 0x0500 first.
 */
    .intel_syntax noprefix
    .code16

    .equ COM1, 0x3f8        /* serial port data register */
    .equ COUNT, 0x0500      /* N, a 16-bit word the host writes */

    .section .text.start, "ax"
    .globl _start
_start:
    mov cx, [COUNT]         /* DS = 0, so this is physical 0x0500 */
    mov dx, COM1
    mov al, '.'
next:
    out dx, al              /* one exit: KVM_EXIT_IO */
    loop next               /* CX -= 1, jump if CX != 0 */
    hlt                     /* the last exit: KVM_EXIT_HLT */
