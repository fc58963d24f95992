/*
 * machine.c - a VM with memory and one vCPU, ready to load a guest.
 * Introduced in chapter 03.
 */
#include <errno.h>
#include <unistd.h>

#include "kvm.h"
#include "machine.h"

// ANCHOR: real_mode_regions
/* An Intel processor without "unrestricted guest" cannot run real mode
 * as a guest; KVM then runs it in vm86 mode, which needs a TSS (three
 * pages) and an identity-mapped page table (one page) in guest-physical
 * memory. api.rst calls both ioctls "required on Intel-based hosts"; on
 * other hosts they cost nothing. The pages go where no slot of ours will
 * ever be (where QEMU puts them), and before the vCPU exists, which
 * KVM_SET_IDENTITY_MAP_ADDR requires. */
static int machine_real_mode_regions(struct machine *machine,
                                     const char **failed_step)
{
    uint64_t identity_map = MACHINE_IDENTITY_MAP;

    *failed_step = "KVM_SET_IDENTITY_MAP_ADDR";
    if (KVM_IOCTL(machine->vm.fd, KVM_SET_IDENTITY_MAP_ADDR,
                  &identity_map) < 0)
        return -1;
    *failed_step = "KVM_SET_TSS_ADDR";
    return KVM_IOCTL(machine->vm.fd, KVM_SET_TSS_ADDR, MACHINE_TSS);
}
// ANCHOR_END: real_mode_regions

// ANCHOR: machine_create
int machine_create_vm_flags(struct machine *machine, uint64_t memory_size,
                            uint32_t memory_flags, const char **failed_step)
{
    *machine = (struct machine){.kvm_fd = -1, .memory_size = memory_size};
    machine->vm.fd = -1;
    machine->vcpu.fd = -1;

    machine->kvm_fd = kvm_connect(failed_step);
    if (machine->kvm_fd < 0)
        return -1;
    /* The run loop reads registers from kvm_run (sync_regs, Linux 4.17)
     * and stops a guest at its time limit with immediate_exit (4.11). */
    if (kvm_check_extension(machine->kvm_fd, KVM_CAP_SYNC_REGS) <= 0) {
        *failed_step = "KVM_CAP_SYNC_REGS";
        errno = EOPNOTSUPP;
        goto fail;
    }
    if (kvm_check_extension(machine->kvm_fd, KVM_CAP_IMMEDIATE_EXIT) <= 0) {
        *failed_step = "KVM_CAP_IMMEDIATE_EXIT";
        errno = EOPNOTSUPP;
        goto fail;
    }
    if (vm_create(machine->kvm_fd, &machine->vm) < 0) {
        *failed_step = "KVM_CREATE_VM";
        goto fail;
    }
    if (machine_real_mode_regions(machine, failed_step) < 0)
        goto fail;
    machine->memory = vm_add_memory_flags(&machine->vm, 0, memory_size,
                                          memory_flags);
    if (!machine->memory) {
        *failed_step = "KVM_SET_USER_MEMORY_REGION";
        goto fail;
    }
    return 0;

fail:
    machine_destroy(machine);
    return -1;
}

int machine_create_vm(struct machine *machine, uint64_t memory_size,
                      const char **failed_step)
{
    return machine_create_vm_flags(machine, memory_size, 0, failed_step);
}

int machine_create(struct machine *machine, uint64_t memory_size,
                   const char **failed_step)
{
    if (machine_create_vm(machine, memory_size, failed_step) < 0)
        return -1;
    if (vcpu_create(&machine->vm, 0, &machine->vcpu, failed_step) < 0) {
        machine_destroy(machine);
        return -1;
    }
    return 0;
}
// ANCHOR_END: machine_create

void machine_destroy(struct machine *machine)
{
    int saved_errno = errno;

    vcpu_destroy(&machine->vcpu);
    vm_destroy(&machine->vm);
    if (machine->kvm_fd >= 0)
        close(machine->kvm_fd);
    machine->kvm_fd = -1;
    errno = saved_errno;
}
