/*
 * min-vmm.c - the floor for `make bench`: the fewest system calls that run
 * the chapter 03 guest (embedded from the build's libguests.a) to its HLT
 * and show its output. Not teaching code: no common/, no checks beyond
 * "did it work", no error messages, no time limit, no clean-up (the kernel
 * tears the VM down when the process exits, which it would do anyway).
 * Registers are set through kvm_run's sync_regs, so the only vCPU ioctls
 * are one KVM_GET_SREGS and the KVM_RUNs.
 *
 * If chapter 03's whole-process time is close to this program's, what is
 * left is the kernel's (VM and vCPU creation and destruction, exits), not
 * the tutorial's code.
 *
 * Exit status 0 when the guest printed and left 5050 in BX, else 1.
 */
#include <fcntl.h>
#include <linux/kvm.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#define MEMORY_SIZE  0x10000
#define LOAD_ADDRESS 0x1000
#define STACK_TOP    0xfff0
#define COM1         0x3f8

extern const unsigned char guest_03_real_mode[], guest_03_real_mode_end[];

int main(void)
{
    struct kvm_userspace_memory_region region = {
        .slot = 0, .guest_phys_addr = 0, .memory_size = MEMORY_SIZE};
    struct kvm_sregs sregs;
    struct kvm_run *run;
    unsigned char *memory;
    char output[256];
    size_t length = 0;
    int kvm, vm, vcpu, run_size;

    kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
    vm = ioctl(kvm, KVM_CREATE_VM, 0);
    memory = mmap(NULL, MEMORY_SIZE, PROT_READ | PROT_WRITE,
                  MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (vm < 0 || memory == MAP_FAILED)
        return 1;
    region.userspace_addr = (unsigned long)memory;
    if (ioctl(vm, KVM_SET_USER_MEMORY_REGION, &region) < 0)
        return 1;
    memcpy(memory + LOAD_ADDRESS, guest_03_real_mode,
           guest_03_real_mode_end - guest_03_real_mode);

    vcpu = ioctl(vm, KVM_CREATE_VCPU, 0);
    run_size = ioctl(kvm, KVM_GET_VCPU_MMAP_SIZE, 0);
    if (vcpu < 0 || run_size < 0)
        return 1;
    run = mmap(NULL, run_size, PROT_READ | PROT_WRITE, MAP_SHARED, vcpu, 0);
    if (run == MAP_FAILED || ioctl(vcpu, KVM_GET_SREGS, &sregs) < 0)
        return 1;

    /* Real mode at 0000:1000: only CS differs from the reset state (DS, ES,
     * SS, FS, GS already have selector 0 and base 0). Handed to KVM in
     * kvm_run, applied at the next KVM_RUN. */
    sregs.cs.selector = 0;
    sregs.cs.base = 0;
    run->s.regs.sregs = sregs;
    run->s.regs.regs =
        (struct kvm_regs){.rip = LOAD_ADDRESS, .rsp = STACK_TOP, .rflags = 2};
    run->kvm_dirty_regs = KVM_SYNC_X86_REGS | KVM_SYNC_X86_SREGS;
    run->kvm_valid_regs = KVM_SYNC_X86_REGS; /* for BX after the halt */

    for (;;) {
        if (ioctl(vcpu, KVM_RUN, 0) < 0)
            return 1;
        if (run->exit_reason == KVM_EXIT_HLT)
            break;
        if (run->exit_reason != KVM_EXIT_IO || run->io.port != COM1 ||
            run->io.size != 1 || run->io.count > sizeof(output) - length)
            return 1;
        memcpy(output + length, (char *)run + run->io.data_offset,
               run->io.count);
        length += run->io.count;
    }
    if (write(STDOUT_FILENO, output, length) != (ssize_t)length)
        return 1;
    return run->s.regs.regs.rbx == 5050 ? 0 : 1;
}
