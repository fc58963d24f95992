/*
 * spin.S - a guest that never halts: it jumps to itself forever.
 *
 * tests/faults/guests.c runs it with --timeout to check that the run loop
 * stops a runaway guest (signal + immediate_exit) and says so.
 */
    .intel_syntax noprefix
    .code16

    .section .text.start, "ax"
    .globl _start
_start:
    jmp _start              /* no exit to the host ever happens */
