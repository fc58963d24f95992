/*
 * 14-exit-costs.S - the chapter 14 guest: one small loop per kind of exit,
 * run as many turns as the host asks, between two writes to the READY
 * port (common/exit_costs.h has the protocol and the memory map).
 *
 * The host starts it in 64-bit mode at _start, at CPL 0 or CPL 3
 * (common/user_mode.c), with RFLAGS.IOPL = 3 and IF = 0. The same bytes
 * run at both levels; the loops that need CPL 0 (hlt, interrupts) are
 * only asked for there. Loaded at EXIT_COSTS_CODE.
 */
#include "../common/exit_costs.h"

    .intel_syntax noprefix
    .code64

    .equ LAPIC_EOI, 0xb0        /* local APIC registers (SDM Vol. 3A, */
    .equ LAPIC_SVR, 0xf0        /* 11.4.1), offsets from its base */
    .equ LAPIC_ICR_LOW, 0x300
    .equ LAPIC_LVT_TIMER, 0x320
    .equ LAPIC_TIMER_COUNT, 0x380 /* initial count; 0 stops it */
    .equ LAPIC_TIMER_DIVIDE, 0x3e0
    .equ DIVIDE_BY_1, 0xb
    .equ TIMER_PERIODIC, 0x20000
    .equ BACKSTOP_COUNT, 10000000 /* 10 ms at KVM's 1 GHz APIC clock */
    .equ SVR_ENABLE, 0x100      /* software enable; spurious vector 0xff */
    .equ ICR_SELF, 0x40000      /* destination shorthand "self", fixed */
    .equ PIC_COMMAND, 0x20
    .equ PIC_DATA, 0x21
    .equ PIC_SLAVE_DATA, 0xa1
    .equ PIC_EOI, 0x20
    .equ IDTR, EXIT_COSTS_DATA + 0x10 /* 10 bytes for lidt */
    .equ PIT_LATCH_0, 0x00      /* mode port: latch channel 0's count */
    .equ RELAY_VECTOR, EXIT_COSTS_PIC_VECTOR + EXIT_COSTS_RELAY_LINE

    .section .text.start, "ax"
    .globl _start
_start:
// ANCHOR: serve
serve:                          /* the loop is done: ask for the next */
    mov dx, EXIT_COSTS_PORT_READY
    out dx, al                  /* an exit: the host fills the mailbox */
    mov rbx, EXIT_COSTS_MAILBOX
    mov rcx, [rbx + EXIT_COSTS_MAILBOX_LOOP]
    mov rsi, [rbx + EXIT_COSTS_MAILBOX_TURNS]
    cmp rcx, LOOP_SETUP
    je setup
    cmp rcx, LOOPS
    jae serve                   /* not a loop: ask again */
    test rsi, rsi
    jz serve                    /* no turns (LOOP_NOTHING) */
    lea rax, [rip + loops]
    jmp [rax + rcx * 8]

    .balign 8
loops:
    .quad serve, loop_cpuid, loop_pio, loop_mmio, loop_pit, loop_hlt
    .quad loop_self_ipi, loop_eventfd, loop_relay
// ANCHOR_END: serve

// ANCHOR: loops
loop_cpuid:                     /* in the kernel (or its emulator) */
    xor eax, eax
    cpuid
    dec rsi
    jnz loop_cpuid
    jmp serve

loop_pio:                       /* no device: KVM_EXIT_IO, each one */
    mov dx, EXIT_COSTS_PORT_EXIT
1:  out dx, al
    dec rsi
    jnz 1b
    jmp serve

loop_mmio:                      /* no memory: KVM_EXIT_MMIO, each one */
    mov rbx, EXIT_COSTS_MMIO    /* above 2 GiB: through a register */
1:  mov [rbx], al
    dec rsi
    jnz 1b
    jmp serve

loop_pit:                       /* the PIT in the kernel answers */
    mov al, PIT_LATCH_0
1:  out EXIT_COSTS_PIT_MODE, al
    dec rsi
    jnz 1b
    jmp serve

loop_hlt:                       /* no irqchip: KVM_EXIT_HLT, each one */
    hlt
    dec rsi
    jnz loop_hlt
    jmp serve

loop_eventfd:                   /* an ioeventfd: the kernel signals it */
    mov dx, EXIT_COSTS_PORT_EVENT
1:  out dx, al
    dec rsi
    jnz 1b
    jmp serve
// ANCHOR_END: loops

loop_self_ipi:                  /* all in the kernel's local APIC */
    call backstop_on
1:  mov dword ptr [rbx + LAPIC_ICR_LOW], ICR_SELF | EXIT_COSTS_IPI_VECTOR
    sti                         /* takes effect after hlt starts */
    hlt                         /* the pending IPI wakes it at once */
    cli
    dec rsi
    jnz 1b
    call backstop_off
    jmp serve

loop_relay:                     /* ioeventfd -> host thread -> irqfd */
    call backstop_on
    mov dx, EXIT_COSTS_PORT_RELAY
1:  out dx, al
    sti
    hlt                         /* until the relay's interrupt */
    cli
    dec rsi
    jnz 1b
    call backstop_off
    jmp serve

/* A backstop for the two loops above: the local APIC's timer ticks every
 * 10 ms and wakes a hlt whose interrupt went astray (seen on the SVM
 * host, where everything is emulated: see the book). Leaves rbx at the
 * local APIC. */
backstop_on:
    mov rbx, EXIT_COSTS_LAPIC
    mov dword ptr [rbx + LAPIC_TIMER_DIVIDE], DIVIDE_BY_1
    mov dword ptr [rbx + LAPIC_LVT_TIMER], \
        TIMER_PERIODIC | EXIT_COSTS_TIMER_VECTOR
    mov dword ptr [rbx + LAPIC_TIMER_COUNT], BACKSTOP_COUNT
    ret

backstop_off:
    mov rbx, EXIT_COSTS_LAPIC
    mov dword ptr [rbx + LAPIC_TIMER_COUNT], 0
    ret

ipi_handler:
    push rbx
    mov rbx, EXIT_COSTS_LAPIC
    mov dword ptr [rbx + LAPIC_EOI], 0
    pop rbx
    iretq

relay_handler:
    push rax
    mov al, PIC_EOI
    out PIC_COMMAND, al
    pop rax
    iretq

/* An interrupt gate (SDM Vol. 3A, 6.14.1) at vector \vector for \handler:
 * selector 0x08, present, DPL 0, type 0xe. */
    .macro gate vector, handler
    lea rax, [rip + \handler]
    mov rbx, EXIT_COSTS_IDT + \vector * 16
    mov [rbx], ax               /* offset 15:0 */
    mov word ptr [rbx + 2], 0x08
    mov word ptr [rbx + 4], 0x8e00
    shr rax, 16
    mov [rbx + 6], ax           /* offset 31:16 */
    shr rax, 16
    mov [rbx + 8], eax          /* offset 63:32 */
    mov dword ptr [rbx + 12], 0
    .endm

setup:                          /* CPL 0, once, before interrupts */
    gate EXIT_COSTS_IPI_VECTOR, ipi_handler
    gate EXIT_COSTS_TIMER_VECTOR, ipi_handler /* the same EOI */
    gate RELAY_VECTOR, relay_handler
    mov rbx, IDTR
    mov word ptr [rbx], 256 * 16 - 1
    mov rax, EXIT_COSTS_IDT
    mov [rbx + 2], rax
    lidt [rbx]
    mov al, 0x11                /* PIC ICW1: initialize, ICW4 follows */
    out PIC_COMMAND, al
    mov al, EXIT_COSTS_PIC_VECTOR /* ICW2: line 0's vector */
    out PIC_DATA, al
    mov al, 0x04                /* ICW3: a slave on line 2 */
    out PIC_DATA, al
    mov al, 0x01                /* ICW4: 8086 mode */
    out PIC_DATA, al
    mov al, ~(1 << EXIT_COSTS_RELAY_LINE) & 0xff /* mask all but one */
    out PIC_DATA, al
    mov al, 0xff
    out PIC_SLAVE_DATA, al
    mov rbx, EXIT_COSTS_LAPIC   /* software-enable the local APIC */
    mov dword ptr [rbx + LAPIC_SVR], SVR_ENABLE | 0xff
    jmp serve
