/*
 * qemu-microvm.S - the chapter 03 guest, rebuilt as firmware for QEMU's
 * microvm machine, so that `make bench` can compare chapter 03 with QEMU
 * running the same tiny program (tests/tools/bench.sh builds and runs it).
 *
 * QEMU maps a -bios image so that it ends at 4 GiB; this one is 64 KiB, so
 * it sits at 0xffff0000..0xffffffff. The vCPU starts as any x86 CPU does
 * after reset: real mode, CS selector 0xf000 with its hidden base
 * 0xffff0000, IP 0xfff0, so the first instruction is the one in the image's
 * last 16 bytes (the .reset section, placed there by qemu-microvm.ld).
 * All code and data are addressed as offsets from that CS base: the image
 * is linked at 0.
 *
 * Like guests/03-real-mode.S it prints "Hello from real mode!", adds up
 * 1 + 2 + ... + 100 (BX, and the word at 0x0500), prints the sum in decimal
 * on COM1, one byte per OUT: 47 bytes, 47 exits. Then, instead of HLT, it
 * writes to QEMU's isa-debug-exit port, which ends QEMU with exit status
 * (value << 1) | 1.
 */
    .intel_syntax noprefix
    .code16

    .equ COM1, 0x3f8        /* serial port data register */
    .equ RESULT, 0x0500     /* where chapter 03's guest stores the sum */
    .equ STACK_TOP, 0x8000  /* in RAM: SS = 0 */
    .equ DEBUG_EXIT, 0xf4   /* -device isa-debug-exit,iobase=0xf4 */
    .equ EXIT_VALUE, 0x10   /* QEMU then exits with (0x10 << 1) | 1 = 33 */

    .section .text.start, "ax"
    .globl _start
_start:
    xor ax, ax
    mov ds, ax              /* DS = SS = 0: data and stack in RAM at 0 */
    mov ss, ax              /* (mov ss blocks interrupts for one insn) */
    mov sp, STACK_TOP

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

    mov dx, DEBUG_EXIT
    mov al, EXIT_VALUE
    out dx, al              /* QEMU exits here */
stop:
    hlt                     /* not reached */
    jmp stop

/* Print CX bytes from CS:SI on the serial port. The strings are in this
 * image, which only CS can reach (its hidden base is 0xffff0000; a data
 * segment register loaded in real mode gets base selector * 16, at most
 * 0xffff0), hence the CS override. Every byte is one exit. */
print:
    mov dx, COM1
    cld                     /* SI counts up */
    rep outs dx, byte ptr cs:[si]
    ret

/* Print AX in decimal, then a newline. The image cannot be written to, so
 * the digits (lowest first from "divide by 10") are pushed on the stack
 * and popped highest first. */
print_decimal:
    xor cx, cx              /* number of digits */
    mov si, 10
next_digit:
    xor dx, dx              /* DX:AX / 10: DX must be 0 */
    div si                  /* AX = quotient, DX = remainder */
    push dx
    inc cx
    test ax, ax
    jnz next_digit
    mov dx, COM1
print_digit:
    pop ax
    add al, '0'
    out dx, al
    loop print_digit        /* CX -= 1, jump if CX != 0 */
    mov al, '\n'
    out dx, al
    ret

greeting:
    .ascii "Hello from real mode!\n"
greeting_end:
sum_text:
    .ascii "1 + 2 + ... + 100 = "
sum_text_end:

/* The reset vector: the vCPU's first instruction, at 0xfffffff0. */
    .section .reset, "ax"
    jmp _start              /* a near jump: CS keeps base 0xffff0000 */

    .section .note.GNU-stack, "", @progbits
