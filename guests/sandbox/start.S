/*
 * start.S - where a sandbox program begins, and where each call begins.
 *
 * The host starts the vCPU at _start once, at CPL 3, with the stack at
 * the top of guest memory and RDI = the shared buffer's size, RSI = the
 * heap's start, RDX = its size, RCX = the length of the start-up input
 * at the start of the shared buffer. The program's sandbox_init() runs, and
 * its result goes to the host with the host call SANDBOX_RETURN. At that
 * exit the host takes its snapshot, registers included: RIP is then
 * sandbox_call_entry, right after the `out`, and RSP the top of the
 * stack. Every call starts there, from the snapshot's registers, with
 * the function number and arguments put in RDI, RSI, RDX and RCX:
 * sandbox_dispatch()'s arguments in the C calling convention.
 *
 * Introduced in chapter 13.
 */
    .intel_syntax noprefix
    .code64
#include "hypercall.h"
#include "sandbox_abi.h"

/* ANCHOR: start */
    .section .text.start, "ax"
    .globl _start
_start:
    mov [rip + sandbox_shared_size], rdi /* for sandbox_print() */
    call sandbox_init         /* (shared size, heap, its size, input) */
    mov rbx, rax              /* SANDBOX_RETURN(its result, */
    xor ecx, ecx              /*   no data, */
    xor esi, esi              /*   of length 0) */
    mov eax, SANDBOX_RETURN
    mov edx, HYPERCALL_PORT
    out dx, eax               /* the host takes its snapshot here */
    .globl sandbox_call_entry
sandbox_call_entry:           /* and every call starts here */
    call sandbox_dispatch     /* (function, argument, input, length) */
    mov rbx, rax              /* SANDBOX_RETURN(what it returned, */
    xor ecx, ecx              /*   no data, length 0) */
    xor esi, esi
    mov eax, SANDBOX_RETURN
    mov edx, HYPERCALL_PORT
    out dx, eax               /* the host never runs this call on */
    ud2
/* ANCHOR_END: start */

    .section .note.GNU-stack, "", @progbits
