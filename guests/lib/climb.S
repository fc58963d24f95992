/*
 * climb.S - the climb from real mode to 64-bit long mode, as a guest
 * library routine in two steps:
 *
 *   climb_to_protected   16-bit real mode -> 32-bit protected mode
 *   climb_to_long        32-bit protected mode -> 64-bit long mode
 *
 * Chapter 06's boot sector takes both steps on the one CPU there is;
 * chapter 11's application processors take them too, several at once,
 * each woken by a SIPI. So the routine is re-entrant: it uses no stack and
 * writes no memory. Each caller passes where to go next in EBP, and
 * climb_to_long takes page tables someone has already built (CR3 in EAX):
 * built once, shared by every CPU. A caller that wants a stack sets one up
 * after the climb (chapter 11 picks one per CPU by its APIC ID).
 *
 * The routine's own GDT uses the selectors of the host's long-mode GDT
 * (common/long_mode.c), so that 64-bit code and the IDT's gates mean the
 * same on a CPU the host started and on one that climbed by itself:
 *   0x08  64-bit code   0x10  flat data   0x18  32-bit code
 *
 * Link it below 64 KiB (as chapter 06's image is; guest.ld puts the
 * .text16 section at 0x8000): real-mode code reaches only that far with
 * a segment base of 0.
 *
 * Introduced in chapter 06.
 */
    .intel_syntax noprefix

    .equ CODE64, 0x08
    .equ DATA, 0x10
    .equ CODE32, 0x18
    .equ POST_PORT, 0x80      /* the PC's "POST code" port */
    .equ POST_EFER_NEXT, 0x64 /* checkpoint: wrmsr to EFER.LME next */
    .equ CR0_PE, 1
    .equ CR0_PG, 0x80000000
    .equ CR4_PAE, 0x20
    .equ MSR_EFER, 0xc0000080
    .equ EFER_LME, 0x100

/* ANCHOR: to_protected */
/* Real mode -> 32-bit protected mode, at any CS (a SIPI starts a CPU at
 * CS = vector << 8, IP = 0). In: EBP = the 32-bit address to continue
 * at. Out: flat 4 GiB segments, interrupts off. Clobbers EAX. */
    .section .text16, "ax"
    .code16
    .globl climb_to_protected
climb_to_protected:
    cli                       /* no IDT for interrupts yet */
    xor ax, ax
    mov ds, ax                /* lgdt reads its operand through DS */
    lgdt [climb_gdt_pointer]
    mov eax, cr0
    or eax, CR0_PE
    mov cr0, eax              /* protected mode, but CS is still 16-bit: */
    jmp CODE32:climb_flat_segments /* a far jump loads CS from the GDT */
    .code32
climb_flat_segments:
    mov ax, DATA              /* the data segments, from the GDT too */
    mov ds, ax
    mov es, ax
    mov ss, ax
    mov fs, ax
    mov gs, ax
    jmp ebp
/* ANCHOR_END: to_protected */

/* ANCHOR: gdt */
/* Each entry has its accessed bit set already: the CPU would otherwise
 * write it when a segment register is loaded, and this table is shared. */
    .balign 8
climb_gdt:
    .quad 0                   /* 0x00: null */
    .quad 0x00af9b000000ffff  /* 0x08: code, 64-bit (L = 1, D = 0) */
    .quad 0x00cf93000000ffff  /* 0x10: data, 4 GiB */
    .quad 0x00cf9b000000ffff  /* 0x18: code, 4 GiB, 32-bit (D = 1) */
climb_gdt_end:
climb_gdt_pointer:
    .word climb_gdt_end - climb_gdt - 1 /* limit: size - 1 */
    .long climb_gdt           /* base: a linear address */
/* ANCHOR_END: gdt */

/* ANCHOR: to_long */
/* 32-bit protected mode, paging off -> 64-bit long mode. In: EAX = CR3,
 * 4-level page tables that map this code and the continuation to
 * themselves; EBP = the 64-bit address to continue at (below 4 GiB).
 * Clobbers EAX, ECX, EDX. Writes POST_EFER_NEXT to port 0x80 first: if
 * the vCPU's CPUID offers no long mode, the wrmsr raises #GP, and the
 * checkpoint tells the host how far it got. */
    .text
    .code32
    .globl climb_to_long
climb_to_long:
    mov cr3, eax
    mov eax, cr4
    or eax, CR4_PAE           /* long mode uses 64-bit entries */
    mov cr4, eax
    mov al, POST_EFER_NEXT
    out POST_PORT, al         /* checkpoint: EFER.LME next */
    mov ecx, MSR_EFER
    rdmsr
    or eax, EFER_LME          /* faults (#GP) if CPUID offers no long mode */
    wrmsr
    mov eax, cr0
    or eax, CR0_PG            /* paging on: the CPU sets EFER.LMA */
    mov cr0, eax
    jmp CODE64:climb_64 /* CS with L = 1: 64-bit code */
    .code64
climb_64:
    mov ebp, ebp              /* the upper half of RBP is undefined */
    jmp rbp
/* ANCHOR_END: to_long */

    .section .note.GNU-stack, "", @progbits
