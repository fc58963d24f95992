/*
 * irq-loop.S - the guest of tests/tools/bench/irq-cost.c (`make bench`):
 * N interrupts, one at a time, each delivered the way the host chose, or
 * (mode 0) N port writes with no interrupt at all, the floor.
 *
 *   mode 0  floor:   N x `out` to EXIT_PORT (each one exit), no interrupt
 *   mode 1  inject:  N x `sti; hlt`: each HLT exits, the host injects
 *                    the vector with KVM_INTERRUPT (no irqchip)
 *   mode 2  line:    N x `out` to EXIT_PORT, then `sti; hlt`: the host
 *                    raises IRQ line 5 with KVM_IRQ_LINE after the exit,
 *                    and the kernel's PIC delivers it
 *   mode 3  irqfd:   N x `out` to FAST_PORT (an ioeventfd: no exit), then
 *                    `sti; hlt`: a host thread answers on an irqfd
 *
 * Each interrupt arrives on VECTOR; its handler returns at once (sending
 * the PIC its end of interrupt in modes 2 and 3). At the end the guest
 * writes DONE_PORT, which exits in every mode (a HLT would not, with an
 * irqchip). Loaded at 0x1000 and started in real mode (0000:1000, DS = 0)
 * like exit-loop.S; the host writes N at 0x0500 and the mode at 0x0502.
 */
    .intel_syntax noprefix
    .code16

    .equ COUNT, 0x0500      /* N, a 16-bit word the host writes */
    .equ MODE, 0x0502       /* 0-3, a byte the host writes */
    .equ EXIT_PORT, 0x0520  /* no device: every write exits */
    .equ FAST_PORT, 0x0518  /* the host makes it an ioeventfd (mode 3) */
    .equ DONE_PORT, 0x0521
    .equ LINE, 5
    .equ VECTOR, 0x20 + LINE
    .equ IVT_ENTRY, VECTOR * 4
    .equ PIC_COMMAND, 0x20
    .equ PIC_DATA, 0x21
    .equ PIC_SLAVE_DATA, 0xa1
    .equ EOI, 0x20

    .section .text.start, "ax"
    .globl _start
_start:
    cli
    mov word ptr [IVT_ENTRY], offset handler
    mov word ptr [IVT_ENTRY + 2], 0
    mov bl, [MODE]
    cmp bl, 2
    jb 1f
    call pic_init           /* modes 2 and 3: the kernel's PIC */
    mov word ptr [IVT_ENTRY], offset handler_eoi
1:  mov cx, [COUNT]
    cmp bl, 0
    je floor
next:
    cmp bl, 1
    je wait                 /* mode 1: the HLT itself asks */
    mov dx, EXIT_PORT
    cmp bl, 3
    jne 2f
    mov dx, FAST_PORT
2:  out dx, al              /* mode 2: an exit; mode 3: an ioeventfd */
wait:
    sti                     /* takes effect after hlt starts: no race */
    hlt                     /* the handler runs, then we go on here */
    cli
    loop next
    jmp done

floor:
    mov dx, EXIT_PORT
3:  out dx, al              /* one exit, nothing else */
    loop 3b

done:
    mov dx, DONE_PORT
    out dx, al
    hlt                     /* not reached: the host stops at DONE_PORT */

/* The 8259A pair: master's lines on vectors 0x20-0x27, only LINE open. */
pic_init:
    mov al, 0x11            /* ICW1: initialize, ICW4 follows */
    out PIC_COMMAND, al
    mov al, 0x20            /* ICW2: base vector */
    out PIC_DATA, al
    mov al, 0x04            /* ICW3: a slave on line 2 */
    out PIC_DATA, al
    mov al, 0x01            /* ICW4: 8086 mode */
    out PIC_DATA, al
    mov al, ~(1 << LINE) & 0xff /* OCW1: mask every line but LINE */
    out PIC_DATA, al
    mov al, 0xff
    out PIC_SLAVE_DATA, al
    ret

handler:
    iret

handler_eoi:
    push ax
    mov al, EOI             /* OCW2: end of interrupt */
    out PIC_COMMAND, al
    pop ax
    iret
