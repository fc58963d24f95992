/*
 * 06-boot-trampoline.S - the chapter 06 guest: a boot sector that takes the
 * CPU from real mode to long mode by itself, as a bootloader does.
 *
 * The host only loads this image at 0x7c00 and starts the vCPU in real mode
 * at 0000:7c00, as a PC BIOS starts a boot sector. Everything else is here:
 * the switch to 32-bit protected mode, page tables, and the switch to
 * 64-bit long mode. It prints a line at each stage. The two switches are
 * the guest library's climb (guests/lib/climb.S), which chapter 11's
 * application processors take as well; this file builds the page tables
 * the climb needs.
 *
 * As a BIOS passes the boot drive in DL, the host passes a request in BL:
 * BL = 32 asks the guest to stop at 32-bit paging instead (chapter 06's
 * --paging32). Before the steps that can fail it writes a checkpoint code
 * to port 0x80, the PC's "POST code" port: 0x64 before it sets EFER.LME
 * (the climb does that), 0x32 before it sets CR0.PG for 32-bit paging (so
 * the host can check the tables first). After a triple fault the last code
 * says how far it got.
 */
    .intel_syntax noprefix

    .equ COM1, 0x3f8
    .equ STACK_TOP, 0x7c00    /* below us, growing down */
    .equ PML4, 0x10000        /* three page tables, built in 32-bit code */
    .equ PDPT, 0x11000
    .equ PD, 0x12000
    .equ PAGE_DIRECTORY_32, 0x13000 /* for --paging32 */
    .equ POST_PORT, 0x80
    .equ POST_PAGING32_NEXT, 0x32 /* checkpoint code, see the header */
    .equ TABLE_PRESENT_WRITABLE, 0x3
    .equ LARGE_PAGE, 0x83     /* present, writable, PS: a 2 MiB page */
    .equ CR0_PG, 0x80000000
    .equ CR4_PSE, 0x10

/* ANCHOR: real_mode */
    .code16
    .section .text.start, "ax"
    .globl _start
_start:
    cli                       /* no interrupts: we have no IDT for them */
    xor ax, ax                /* a BIOS promises nothing about segments */
    mov ds, ax
    mov es, ax
    mov ss, ax
    mov sp, STACK_TOP
    mov si, offset real_text
    mov cx, real_text_end - real_text
    call print16

    mov ebp, offset protected_mode
    jmp climb_to_protected    /* guests/lib/climb.S; on to EBP */
/* ANCHOR_END: real_mode */

print16:
    mov dx, COM1
    cld
    rep outsb
    ret

/* ANCHOR: protected_mode */
    .code32
protected_mode:
    mov esp, STACK_TOP        /* SS is flat now: the same stack */
    mov esi, offset protected_text
    mov ecx, protected_text_end - protected_text
    call print32
    cmp bl, 32
    je paging32               /* the host asked for 32-bit paging */

    /* Page tables: PML4[0] -> PDPT[0] -> PD[0] = a 2 MiB page at 0, so
     * the first 2 MiB (this code among them) stay where they are. */
    mov edi, PML4
    xor eax, eax
    mov ecx, 3 * 4096 / 4
    rep stosd                 /* zero all three tables */
    mov dword ptr [PML4], PDPT + TABLE_PRESENT_WRITABLE
    mov dword ptr [PDPT], PD + TABLE_PRESENT_WRITABLE
    mov dword ptr [PD], LARGE_PAGE

    mov eax, PML4             /* CR3 for the climb */
    mov ebp, offset long_mode
    jmp climb_to_long         /* guests/lib/climb.S; on to EBP */
/* ANCHOR_END: protected_mode */

print32:
    mov dx, COM1
    cld
    rep outsb
    ret

/* ANCHOR: paging32 */
/* 32-bit paging: CR3 points at a page directory of 1024 4-byte entries;
 * with CR4.PSE one entry can map a 4 MiB page. */
paging32:
    mov edi, PAGE_DIRECTORY_32
    xor eax, eax
    mov ecx, 1024
    rep stosd
    mov dword ptr [PAGE_DIRECTORY_32], LARGE_PAGE /* 0-4 MiB identity */
    mov eax, PAGE_DIRECTORY_32
    mov cr3, eax
    mov eax, cr4
    or eax, CR4_PSE
    mov cr4, eax
    mov al, POST_PAGING32_NEXT
    out POST_PORT, al         /* checkpoint: all set, paging next */
    mov eax, cr0
    or eax, CR0_PG
    mov cr0, eax
    mov esi, offset paging32_text
    mov ecx, paging32_text_end - paging32_text
    call print32
    hlt
/* ANCHOR_END: paging32 */

/* ANCHOR: long_mode */
    .code64
long_mode:
    lea rsi, [rip + long_text]
    mov ecx, long_text_end - long_text
    mov dx, COM1
    cld
    rep outsb
    hlt
/* ANCHOR_END: long_mode */

    .section .rodata
real_text:
    .ascii "real mode\n"
real_text_end:
protected_text:
    .ascii "protected mode\n"
protected_text_end:
long_text:
    .ascii "long mode\n"
long_text_end:
paging32_text:
    .ascii "32-bit paging\n"
paging32_text_end:

    .section .note.GNU-stack, "", @progbits
