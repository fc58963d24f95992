/*
 * vectors.S - the first code an exception runs: one small entry per vector
 * (0-31) that makes every exception look the same on the stack, then
 * common code that saves the registers, calls the C handler, and returns
 * with iretq. Introduced in chapter 09.
 *
 * Some exceptions push an error code, the others do not (Intel SDM Vol. 3A,
 * 6.15): for those, the entry pushes a 0 in its place.
 */
    .intel_syntax noprefix
    .code64

/* ANCHOR: entry */
/* The vectors whose exceptions push an error code: #DF, #TS, #NP, #SS,
 * #GP, #PF, #AC, #CP, #VC, #SX. */
#define HAS_ERROR_CODE(v) ((v) == 8 || ((v) >= 10 && (v) <= 14) || \
                           (v) == 17 || (v) == 21 || (v) == 29 || (v) == 30)

    .macro entry vector
    .balign 16
vector_\vector:
    .if !HAS_ERROR_CODE(\vector)
    push 0                  /* no error code from the CPU: make one */
    .endif
    push \vector
    jmp common
    .endm

    .section .text
    .globl exception_vectors
    .balign 16
exception_vectors:          /* 32 entries, 16 bytes apart */
    .irp v, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
    entry \v
    .endr
    .irp v, 16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    entry \v
    .endr
/* ANCHOR_END: entry */

/* ANCHOR: common */
common:
    push r15                /* the layout of struct exception_frame */
    push r14
    push r13
    push r12
    push r11
    push r10
    push r9
    push r8
    push rbp
    push rdi
    push rsi
    push rdx
    push rcx
    push rbx
    push rax
    mov rdi, rsp            /* the frame, the handler's first argument */
    call [rip + the_handler]
    pop rax
    pop rbx
    pop rcx
    pop rdx
    pop rsi
    pop rdi
    pop rbp
    pop r8
    pop r9
    pop r10
    pop r11
    pop r12
    pop r13
    pop r14
    pop r15
    add rsp, 16             /* the vector and the error code */
    iretq                   /* back to frame->rip */
/* ANCHOR_END: common */

    .section .note.GNU-stack, "", @progbits
