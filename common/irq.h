/*
 * irq.h - interrupts from the host's side: thin wrappers around the ioctls
 * that create interrupt controllers and raise interrupts in a guest.
 *
 * Two ways to interrupt a guest:
 *
 *   - no controller in the kernel: the host is the interrupt controller.
 *     It may inject a vector with KVM_INTERRUPT only when the vCPU can take
 *     it (kvm_run's ready_for_interrupt_injection and if_flag); otherwise
 *     it sets request_interrupt_window and waits for the
 *     KVM_EXIT_IRQ_WINDOW_OPEN exit.
 *   - KVM_CREATE_IRQCHIP: the kernel emulates the PC's two 8259A PICs, an
 *     IOAPIC and a local APIC per vCPU. The host only drives lines
 *     (KVM_IRQ_LINE, or an irqfd), and the controllers decide the rest.
 *
 * Like every helper, these return -1 with errno set and never print.
 *
 * Introduced in chapter 10.
 */
#ifndef KVM101_IRQ_H
#define KVM101_IRQ_H

#include <stdbool.h>
#include <stdint.h>
#include <linux/kvm.h>

#include "machine.h"

/* The in-kernel IOAPIC's pins, 0-23 (the PICs see lines 0-15 of them):
 * with KVM's default routing a line number is a GSI and a pin. */
#define IRQ_LINES 24
/* KVM_INTERRUPT takes a vector; the CPU has 256. */
#define IRQ_VECTORS 256

/* KVM_CREATE_IRQCHIP, KVM_CREATE_PIT2. Each returns 0, or -1 with errno
 * set. Call them before the first vCPU exists. */
int vm_create_irqchip(struct vm *vm);
int vm_create_pit2(struct vm *vm);

/* machine_create() with the controllers and the PIT: machine_create_vm()
 * (which sets KVM_SET_TSS_ADDR), KVM_CREATE_IRQCHIP, KVM_CREATE_PIT2, then
 * vCPU 0 (in that order: a vCPU created earlier would have no local APIC). Returns 0, or -1 with errno set and
 * *failed_step naming what failed (everything is released again). */
int irq_machine_create(struct machine *machine, uint64_t memory_size,
                       const char **failed_step);

/* May the host inject with KVM_INTERRUPT now, before the next KVM_RUN?
 * Only when KVM says nothing else is queued and the guest has IF=1.
 * Pure: unit-tested. */
bool irq_can_inject(const struct kvm_run *run);

/* KVM_INTERRUPT: deliver `vector` on the next KVM_RUN. EBUSY (and nothing
 * done) unless irq_can_inject(): KVM itself would overwrite a vector it
 * has not yet delivered. EINVAL for a vector above 255. ENXIO from KVM
 * when the kernel has a PIC (the PIC delivers, not us). */
int vcpu_interrupt(struct vcpu *vcpu, unsigned vector);

/* Is `line` one KVM_IRQ_LINE can drive? Pure: unit-tested. */
bool irq_line_valid(unsigned line);

/* KVM_IRQ_LINE_STATUS: set `line` to `level` (1 raised, 0 lowered).
 * EINVAL for a line out of range: KVM would accept it and drop it. On
 * success *status (may be NULL) is KVM's answer: > 0 delivered, 0 merged
 * with one already pending or masked, < 0 nobody listens on the line. */
int vm_irq_line(struct vm *vm, unsigned line, int level, int *status);

/* An edge on `line` (raise it, then lower it), as an ISA device makes for
 * an edge-triggered line. Returns 0, or -1 with errno set. */
int vm_irq_pulse(struct vm *vm, unsigned line);

/* KVM_IRQFD: each write to `eventfd` pulses `line`, with no ioctl and no
 * exit. Returns 0, or -1 with errno set (EINVAL for a bad line). */
int vm_irqfd(struct vm *vm, int eventfd, unsigned line);

/* KVM_IOEVENTFD: a guest write of any value to port `port` (of `size`
 * bytes: 1, 2 or 4) signals `eventfd` inside the kernel, and the guest
 * goes on with no exit to us. Returns 0, or -1 with errno set. */
int vm_ioeventfd(struct vm *vm, int eventfd, uint16_t port, unsigned size);

#endif
