/*
 * port-in.S - a guest that reads an I/O port the chapter 03 host does not
 * implement: 0x3fd, the line status register of COM1.
 *
 * The run loop only handles output to COM1's data port, so this `in` ends
 * the run with KVM_EXIT_IO, direction in, port 0x3fd.
 */
    .intel_syntax noprefix
    .code16

    .equ COM1_LSR, 0x3fd    /* COM1 line status register */

    .section .text.start, "ax"
    .globl _start
_start:
    mov dx, COM1_LSR
    in al, dx               /* KVM_EXIT_IO in, port 0x3fd: unhandled */
    hlt                     /* never reached */
