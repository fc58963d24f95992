/*
 * start.S - where a C guest begins: set up the stack, call main(), and
 * hand main's return value to the host as the exit status.
 * Introduced in chapter 07.
 */
    .intel_syntax noprefix
    .code64

/* ANCHOR: start */
    .section .text.start, "ax"
    .globl _start
_start:
    lea rsp, [rip + stack_top] /* our own stack, after the image (guest.ld) */
    call main
    mov edi, eax               /* int main(void) -> hc_exit(status) */
    call hc_exit
stop:                          /* hc_exit does not return; just in case: */
    hlt
    jmp stop
/* ANCHOR_END: start */

    .section .note.GNU-stack, "", @progbits
