/*
 * 04-protected-mode.S - the chapter 04 guest, in 32-bit protected mode.
 *
 * The host loads this image at 0x1000 and starts it at 0008:00001000 with
 * flat 4 GiB code and data segments from its GDT and ESP = 0x10000. The
 * guest prints a greeting, computes 12! in EBX, loads FS with selector 0x18
 * (a GDT entry the host wrote but never loaded: the CPU must read it from
 * guest memory), stores the result through FS, prints it in hex and halts.
 */
/* ANCHOR: guest */
    .intel_syntax noprefix
    .code32

    .equ COM1, 0x3f8
    .equ WINDOW_SELECTOR, 0x18 /* GDT entry 3: data, base 0x8000 */

    .section .text.start, "ax"
    .globl _start
_start:
    mov esi, offset greeting
    mov ecx, greeting_end - greeting
    call print

    /* EBX = 12! = 12 * 11 * ... * 1, the largest factorial in 32 bits. */
    mov ebx, 1
    mov ecx, 12
multiply:
    imul ebx, ecx
    loop multiply           /* ECX -= 1, jump if ECX != 0 */

    /* Loading FS makes the CPU fetch GDT entry 3 and fill FS's hidden base
     * and limit from it; the store then lands at FS.base + 0 = 0x8000. */
    mov ax, WINDOW_SELECTOR
    mov fs, ax
    mov fs:[0], ebx

    mov esi, offset result_text
    mov ecx, result_text_end - result_text
    call print
    mov eax, ebx
    call print_hex

    hlt
/* ANCHOR_END: guest */

/* Print ECX bytes from DS:ESI on the serial port (one exit per byte). */
print:
    mov dx, COM1
    cld
    rep outsb
    ret

/* ANCHOR: print_hex */
/* Print EAX as 8 hex digits and a newline. Rotating left by 4 brings the
 * top nibble round to the bottom, so the digits come out highest first. */
print_hex:
    mov edi, offset hex_buffer
    mov ecx, 8
next_nibble:
    rol eax, 4
    mov edx, eax
    and edx, 0xf
    mov dl, [hex_digits + edx]  /* the digit's character */
    mov [edi], dl
    inc edi
    loop next_nibble
    mov byte ptr [edi], '\n'
    mov esi, offset hex_buffer
    mov ecx, 9
    jmp print               /* print's ret returns to our caller */
/* ANCHOR_END: print_hex */

    .section .rodata
greeting:
    .ascii "Hello from protected mode!\n"
greeting_end:
result_text:
    .ascii "12! = 0x"
result_text_end:
hex_digits:
    .ascii "0123456789abcdef"

    .section .bss
hex_buffer:
    .skip 9
