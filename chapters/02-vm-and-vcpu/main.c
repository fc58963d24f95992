/*
 * Chapter 02 - a VM and a vCPU.
 *
 * A VM is a file descriptor that owns guest memory; a vCPU is a file
 * descriptor inside it, with a shared page (struct kvm_run) through which
 * KVM reports what the guest did. This program builds both, gives the VM
 * 64 KiB of memory, and prints the state a fresh vCPU starts in: the state
 * of a PC's processor just after power-on.
 */
#include <stdio.h>
#include <unistd.h>

#include "cli.h"
#include "dump.h"
#include "kvm.h"
#include "report.h"
#include "vcpu.h"
#include "vm.h"
#include "x86.h"

#define GUEST_MEMORY_SIZE (64 * 1024)

static const struct chapter chapter = {
    .name = "02-vm-and-vcpu",
    .summary = "Create a VM with 64 KiB of guest memory and one vCPU, and "
               "print the\nvCPU's state after reset, decoded.",
};

// ANCHOR: print_reset_state
static void print_reset_state(const struct kvm_regs *regs,
                              const struct kvm_sregs *sregs)
{
    char flags[128];

    printf("the vCPU's state after reset:\n");
    dump_segment(stdout, "cs", &sregs->cs);
    printf("rip=%04llx\n", regs->rip);
    printf("  first instruction fetched at cs.base + rip = %llx + %llx = "
           "%llx\n",
           sregs->cs.base, regs->rip, sregs->cs.base + regs->rip);
    printf("cr0=%08llx [%s]\n", sregs->cr0,
           dump_flags(flags, sizeof(flags), sregs->cr0, dump_cr0_flags));
    printf("  PE=0: real mode; PG=0: no paging; CD NW: caches off\n");
    printf("rflags=%08llx [%s]\n", regs->rflags,
           dump_flags(flags, sizeof(flags), regs->rflags,
                      dump_rflags_flags));
    printf("  IF=0: interrupts off; bit 1 always reads as 1\n");
    dump_segment(stdout, "ds", &sregs->ds);
    printf("cr4=%08llx [%s]\n", sregs->cr4,
           dump_flags(flags, sizeof(flags), sregs->cr4, dump_cr4_flags));
    printf("efer=%08llx [%s]\n", sregs->efer,
           dump_flags(flags, sizeof(flags), sregs->efer, dump_efer_flags));
}
// ANCHOR_END: print_reset_state

/* Free what main() created, in the reverse order. */
static void tear_down(struct vcpu *vcpu, struct vm *vm, int kvm_fd)
{
    vcpu_destroy(vcpu);
    vm_destroy(vm);
    close(kvm_fd);
}

int main(int argc, char **argv)
{
    struct vcpu vcpu = {.fd = -1};
    struct vm vm = {.fd = -1};
    struct options options;
    struct kvm_sregs sregs;
    struct kvm_regs regs;
    const char *failed_step;
    int exit_code, kvm_fd;

    if (cli_parse(&chapter, argc, argv, &options, &exit_code) == CLI_EXIT)
        return exit_code;

    kvm_fd = kvm_connect(&failed_step);
    if (kvm_fd < 0)
        return report_error("%s", failed_step);
    printf("opened %s, KVM API version %d\n", kvm_device_path(),
           KVM_STABLE_API_VERSION);

    // ANCHOR: main_create
    if (vm_create(kvm_fd, &vm) < 0) {
        exit_code = report_error("KVM_CREATE_VM");
        goto out;
    }
    printf("created a VM\n");

    if (!vm_add_memory(&vm, 0, GUEST_MEMORY_SIZE)) {
        exit_code = report_error("KVM_SET_USER_MEMORY_REGION");
        goto out;
    }
    printf("gave it %d KiB of memory at guest physical address 0 (slot 0)\n",
           GUEST_MEMORY_SIZE / 1024);

    if (vcpu_create(&vm, 0, &vcpu, &failed_step) < 0) {
        exit_code = report_error("%s", failed_step);
        goto out;
    }
    printf("created vCPU 0; its kvm_run mapping is %zu bytes\n\n",
           vcpu.run_size);
    // ANCHOR_END: main_create

    // ANCHOR: main_registers
    if (vcpu_get_regs(&vcpu, &regs) < 0 ||
        vcpu_get_sregs(&vcpu, &sregs) < 0) {
        exit_code = report_error("KVM_GET_REGS/KVM_GET_SREGS");
        goto out;
    }
    print_reset_state(&regs, &sregs);
    // ANCHOR_END: main_registers
    exit_code = EXIT_OK;
out:
    tear_down(&vcpu, &vm, kvm_fd);
    return exit_code;
}
