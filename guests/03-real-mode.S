/*
 * 03-real-mode.S - the chapter 03 guest, in 16-bit real mode.
 *
 * The host loads this image at 0x1000 and starts it at 0000:1000 with
 * DS = ES = SS = 0 and SP = 0xfff0. It prints a greeting on the serial port,
 * adds up 1 + 2 + ... + 100, leaves the sum in BX, stores it at 0x0500,
 * prints it in decimal, and halts.
 */
/* ANCHOR: guest_start */
    .intel_syntax noprefix
    .code16

    .equ COM1, 0x3f8        /* serial port data register */
    .equ RESULT, 0x0500     /* where the host looks for the sum */

    .section .text.start, "ax"
    .globl _start
_start:
    mov si, offset greeting
    mov cx, greeting_end - greeting
    call print

    /* BX = 1 + 2 + ... + 100, counting CX down from 100 to 1. */
    xor bx, bx
    mov cx, 100
add_next:
    add bx, cx
    loop add_next           /* CX -= 1, jump if CX != 0 */
    mov [RESULT], bx        /* DS = 0, so this is physical 0x0500 */

    mov si, offset sum_text
    mov cx, sum_text_end - sum_text
    call print
    mov ax, bx
    call print_decimal

    hlt                     /* the host sees KVM_EXIT_HLT */
/* ANCHOR_END: guest_start */

/* ANCHOR: guest_print */
/* Print CX bytes from DS:SI on the serial port. rep outsb is one instruction,
 * but KVM performs it one byte at a time: every byte is one exit to the host
 * (run with --trace and count). */
print:
    mov dx, COM1
    cld                     /* SI counts up */
    rep outsb
    ret
/* ANCHOR_END: guest_print */

/* ANCHOR: guest_print_decimal */
/* Print AX in decimal, then a newline. Digits come out of "divide by 10"
 * lowest first, so they are written into a buffer from its end backwards. */
print_decimal:
    mov di, offset digits_end
    mov byte ptr [di], '\n'
    mov cx, 1               /* the newline */
    mov si, 10
next_digit:
    xor dx, dx              /* DX:AX / 10: DX must be 0 */
    div si                  /* AX = quotient, DX = remainder */
    add dl, '0'
    dec di
    mov [di], dl
    inc cx
    test ax, ax
    jnz next_digit
    mov si, di
    jmp print               /* print's ret returns to our caller */
/* ANCHOR_END: guest_print_decimal */

/* ANCHOR: guest_data */
    .section .rodata
greeting:
    .ascii "Hello from real mode!\n"
greeting_end:
sum_text:
    .ascii "1 + 2 + ... + 100 = "
sum_text_end:

    .section .bss
digits:
    .skip 6                 /* up to 5 digits for 65535 */
digits_end:
    .skip 1                 /* the newline */
/* ANCHOR_END: guest_data */
