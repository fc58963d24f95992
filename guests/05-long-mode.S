/*
 * 05-long-mode.S - the chapter 05 guest, in 64-bit long mode.
 *
 * The host loads this image at 0x1000 and starts it at 0008:1000 with
 * paging on: the first 4 MiB identity-mapped with 2 MiB pages, and the
 * 4 KiB page at virtual 0xffff800000000000 mapped to physical 0x9000.
 * RSP = 0x80000. The guest prints a greeting, computes 20! in RBX (the
 * largest factorial that fits in 64 bits), writes it through the higher
 * half, reads it back through the identity map, says whether both
 * addresses showed the same memory, and halts.
 */
/* ANCHOR: guest */
    .intel_syntax noprefix
    .code64

    .equ COM1, 0x3f8
    .equ HIGHER_HALF, 0xffff800000000000
    .equ SHARED_PAGE, 0x9000      /* where the host maps HIGHER_HALF */

    .section .text.start, "ax"
    .globl _start
_start:
    lea rsi, [rip + greeting]     /* RIP-relative: new in 64-bit mode */
    mov ecx, greeting_end - greeting
    call print

    /* RBX = 20 * 19 * ... * 1 */
    mov ebx, 1                    /* writing EBX clears RBX's top half */
    mov ecx, 20
multiply:
    imul rbx, rcx
    loop multiply

    movabs rax, HIGHER_HALF       /* a 64-bit immediate */
    mov [rax], rbx                /* through PML4[256] ... PT[0] */
    mov rdx, [SHARED_PAGE]        /* through the identity map */
    lea rsi, [rip + same]
    mov ecx, same_end - same
    cmp rdx, rbx
    je report
    lea rsi, [rip + different]
    mov ecx, different_end - different
report:
    call print
    hlt
/* ANCHOR_END: guest */

/* Print RCX bytes from RSI on the serial port (one exit per byte). */
print:
    mov dx, COM1
    cld
    rep outsb
    ret

    .section .rodata
greeting:
    .ascii "Hello from long mode!\n"
greeting_end:
same:
    .ascii "0xffff800000000000 and 0x9000 are the same memory\n"
same_end:
different:
    .ascii "0xffff800000000000 and 0x9000 are different memory!\n"
different_end:
