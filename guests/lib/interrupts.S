/*
 * interrupts.S - the first code an interrupt runs (vectors 32-47): one
 * small entry per vector that calls the C handler with the vector number,
 * saving only what C code may change. Introduced in chapter 10.
 *
 * Shorter than vectors.S on purpose: interrupts come often, and on a host
 * that emulates kernel-mode guest code every instruction here costs.
 * Interrupts push no error code, so there is nothing to even out.
 */
    .intel_syntax noprefix
    .code64

/* ANCHOR: entry */
    .macro entry vector
    .balign 16
    push rdi
    mov edi, \vector        /* the handler's argument */
    jmp interrupt_common
    .endm

    .section .text
    .globl interrupt_vectors
    .balign 16
interrupt_vectors:          /* 16 entries, 16 bytes apart: vectors 32-47 */
    .irp v, 32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47
    entry \v
    .endr

interrupt_common:
    push rax                /* the registers a C function may change */
    push rcx                /* (rdi is saved already) */
    push rdx
    push rsi
    push r8
    push r9
    push r10
    push r11
    call [rip + the_interrupt_handler]
    pop r11
    pop r10
    pop r9
    pop r8
    pop rsi
    pop rdx
    pop rcx
    pop rax
    pop rdi
    iretq                   /* back where the guest was, IF as it was */
/* ANCHOR_END: entry */

    .section .note.GNU-stack, "", @progbits
