/*
 * ap_start.S - where an application processor starts: the page a SIPI
 * names. Introduced in chapter 11.
 *
 * A SIPI with vector V starts the processor in real mode at CS = V << 8
 * (base V * 4096), IP = 0. guest.ld puts this section at 0x8000, so the
 * vector is 8. From there: the climb to long mode (climb.S), on the boot
 * processor's page tables, then a stack picked by APIC ID, then C.
 */
    .intel_syntax noprefix

    .equ APIC_ID_REGISTER, 0xfee00020
#include "smp_guest.h"       /* SMP_MAX_VCPUS, SMP_STACK_SIZE */

/* ANCHOR: trampoline */
    .section .text16.sipi, "ax"
    .code16
    .globl smp_trampoline
smp_trampoline:
    /* Same place, segment 0: the linker's addresses are offsets from 0. */
    jmp 0:smp_real_mode
smp_real_mode:
    mov ebp, offset smp_protected_mode
    jmp climb_to_protected

    .text
    .code32
smp_protected_mode:
    mov eax, [smp_page_tables]    /* built once, by the host; shared */
    mov ebp, offset smp_long_mode
    jmp climb_to_long

    .code64
smp_long_mode:
    mov rbx, APIC_ID_REGISTER     /* an address above 2 GiB: no disp32 */
    mov edi, [rbx]
    shr edi, 24                   /* APIC ID: smp_ap_main's argument */
    cmp edi, SMP_MAX_VCPUS
    jae smp_halt                  /* no stack for it */
    lea eax, [edi + 1]
    imul eax, eax, SMP_STACK_SIZE
    lea rsp, [rip + smp_stacks]
    add rsp, rax                  /* the top of stack number ID */
    call smp_ap_main
smp_halt:
    cli
    hlt
    jmp smp_halt
/* ANCHOR_END: trampoline */

    .bss
    .balign 16
    .globl smp_stacks
smp_stacks:
    .skip SMP_MAX_VCPUS * SMP_STACK_SIZE

    .section .note.GNU-stack, "", @progbits
