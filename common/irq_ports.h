/*
 * irq_ports.h - chapter 10's two small devices, as ports the guest writes,
 * shared by the host and the guests (like hypercall.h):
 *
 *   IRQ_DOORBELL_PORT   "please raise IRQ line N": the guest writes N (one
 *                       byte). The write exits to the host, which raises
 *                       the line: with KVM_INTERRUPT when there is no
 *                       interrupt controller in the kernel, with
 *                       KVM_IRQ_LINE when there is.
 *   IRQ_FAST_PORT       the same request for IRQ_FAST_LINE, with no exit:
 *                       the host registers the port as an ioeventfd and
 *                       answers through an irqfd.
 *
 * The vector a line arrives on is the guest's choice (it programs the PIC's
 * base vector); chapter 10's guest uses IRQ_VECTOR_BASE + line, as the PC
 * has done since the 8259A was remapped above the CPU's 32 exceptions.
 *
 * Introduced in chapter 10.
 */
#ifndef KVM101_IRQ_PORTS_H
#define KVM101_IRQ_PORTS_H

#define IRQ_DOORBELL_PORT 0x0510
#define IRQ_FAST_PORT 0x0518

#define IRQ_VECTOR_BASE 0x20 /* vectors 0-31 are the CPU's exceptions */
#define IRQ_TIMER_LINE 0     /* the PIT's output is wired to line 0 */
#define IRQ_DOORBELL_LINE 5  /* free lines on a PC: nothing else uses them */
#define IRQ_FAST_LINE 6

#endif
