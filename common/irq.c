/*
 * irq.c - creating interrupt controllers and raising interrupts.
 * Introduced in chapter 10.
 */
#include <errno.h>

#include "irq.h"
#include "kvm.h"

int vm_create_irqchip(struct vm *vm)
{
    return KVM_IOCTL(vm->fd, KVM_CREATE_IRQCHIP, 0) < 0 ? -1 : 0;
}

// ANCHOR: create_pit2
int vm_create_pit2(struct vm *vm)
{
    /* Flags 0: the PIT's channel 0 is wired to line 0 only. (The other
     * flag, KVM_PIT_SPEAKER_DUMMY, only adds a dummy speaker port.) */
    struct kvm_pit_config config = {.flags = 0};

    return KVM_IOCTL(vm->fd, KVM_CREATE_PIT2, &config) < 0 ? -1 : 0;
}
// ANCHOR_END: create_pit2

// ANCHOR: irq_machine_create
int irq_machine_create(struct machine *machine, uint64_t memory_size,
                       const char **failed_step)
{
    /* machine_create_vm() has already set KVM_SET_TSS_ADDR, which VMMs
     * call before the irqchip, and the rest of chapter 03's machine. */
    if (machine_create_vm(machine, memory_size, failed_step) < 0)
        return -1;
    /* The order matters: the controllers before the vCPU, which gets its
     * local APIC when it is created, and the PIT after the PICs it is
     * wired to. */
    *failed_step = "KVM_CREATE_IRQCHIP";
    if (vm_create_irqchip(&machine->vm) < 0)
        goto fail;
    *failed_step = "KVM_CREATE_PIT2";
    if (vm_create_pit2(&machine->vm) < 0)
        goto fail;
    if (vcpu_create(&machine->vm, 0, &machine->vcpu, failed_step) < 0)
        goto fail;
    return 0;

fail:
    machine_destroy(machine);
    return -1;
}
// ANCHOR_END: irq_machine_create

// ANCHOR: vcpu_interrupt
bool irq_can_inject(const struct kvm_run *run)
{
    return run->ready_for_interrupt_injection && run->if_flag;
}

int vcpu_interrupt(struct vcpu *vcpu, unsigned vector)
{
    struct kvm_interrupt interrupt = {.irq = vector};

    if (vector >= IRQ_VECTORS) {
        errno = EINVAL;
        return -1;
    }
    /* KVM keeps one vector to inject; a second KVM_INTERRUPT before the
     * guest took the first would replace it, and the first is lost. */
    if (!irq_can_inject(vcpu->run)) {
        errno = EBUSY;
        return -1;
    }
    return KVM_IOCTL(vcpu->fd, KVM_INTERRUPT, &interrupt) < 0 ? -1 : 0;
}
// ANCHOR_END: vcpu_interrupt

// ANCHOR: irq_line
bool irq_line_valid(unsigned line)
{
    return line < IRQ_LINES;
}

int vm_irq_line(struct vm *vm, unsigned line, int level, int *status)
{
    struct kvm_irq_level irq_level = {.irq = line, .level = level};

    /* KVM takes any line number and drops what no controller listens to:
     * a mistake would go unnoticed. Refuse it here. */
    if (!irq_line_valid(line)) {
        errno = EINVAL;
        return -1;
    }
    if (KVM_IOCTL(vm->fd, KVM_IRQ_LINE_STATUS, &irq_level) < 0)
        return -1;
    if (status)
        *status = irq_level.status; /* the same union as irq */
    return 0;
}

int vm_irq_pulse(struct vm *vm, unsigned line)
{
    if (vm_irq_line(vm, line, 1, NULL) < 0)
        return -1;
    return vm_irq_line(vm, line, 0, NULL);
}
// ANCHOR_END: irq_line

// ANCHOR: irqfd
int vm_irqfd(struct vm *vm, int eventfd, unsigned line)
{
    struct kvm_irqfd irqfd = {.fd = eventfd, .gsi = line};

    if (!irq_line_valid(line)) {
        errno = EINVAL;
        return -1;
    }
    return KVM_IOCTL(vm->fd, KVM_IRQFD, &irqfd) < 0 ? -1 : 0;
}

int vm_ioeventfd(struct vm *vm, int eventfd, uint16_t port, unsigned size)
{
    /* No KVM_IOEVENTFD_FLAG_DATAMATCH: any value written counts. */
    struct kvm_ioeventfd ioeventfd = {
        .addr = port,
        .len = size,
        .fd = eventfd,
        .flags = KVM_IOEVENTFD_FLAG_PIO,
    };

    return KVM_IOCTL(vm->fd, KVM_IOEVENTFD, &ioeventfd) < 0 ? -1 : 0;
}
// ANCHOR_END: irqfd
