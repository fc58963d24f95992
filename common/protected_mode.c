/*
 * protected_mode.c - starting a vCPU in protected mode.
 * Introduced in chapter 04.
 */
#include <errno.h>
#include <string.h>

#include "protected_mode.h"
#include "segment.h"
#include "x86.h"

int gdt_write(struct vm *vm, const struct gdt *gdt)
{
    size_t size = gdt->count * sizeof(gdt->entries[0]);
    void *destination = vm_guest_to_host(vm, gdt->guest_address, size);

    if (!destination) {
        errno = EFAULT;
        return -1;
    }
    memcpy(destination, gdt->entries, size);
    return 0;
}

// ANCHOR: segment_for
/* The hidden part for `selector`, read from the table as the CPU would. */
static int segment_for(const struct gdt *gdt, uint16_t selector,
                       struct kvm_segment *segment)
{
    int index = selector >> 3;

    if (index == 0 || index >= gdt->count) {
        errno = EINVAL;
        return -1;
    }
    *segment = x86_segment_from_descriptor(selector, gdt->entries[index]);
    return 0;
}
// ANCHOR_END: segment_for

// ANCHOR: cpu_mode_enter
int cpu_mode_enter(struct vcpu *vcpu, const struct gdt *gdt,
                   uint16_t code_selector, uint16_t data_selector,
                   const struct cpu_mode *mode, uint64_t rip, uint64_t rsp)
{
    struct kvm_regs regs = {.rip = rip, .rsp = rsp, .rflags = RFLAGS_FIXED};
    struct kvm_segment data;
    struct kvm_sregs sregs;

    if (vcpu_get_sregs(vcpu, &sregs) < 0)
        return -1;
    if (segment_for(gdt, code_selector, &sregs.cs) < 0 ||
        segment_for(gdt, data_selector, &data) < 0)
        return -1;
    sregs.ds = sregs.es = sregs.fs = sregs.gs = sregs.ss = data;

    /* GDTR holds the table's linear address and its size minus one. */
    sregs.gdt.base = gdt->guest_address;
    sregs.gdt.limit = gdt->count * 8 - 1;

    /* Reset leaves the caches off (CD, NW) and x87 errors on the old
     * external-interrupt path (NE clear): run as an OS would instead, the
     * way the kernel's KVM selftests start their vCPUs. */
    sregs.cr0 = (sregs.cr0 & ~(CR0_CD | CR0_NW)) | CR0_NE | mode->cr0;
    sregs.cr3 = mode->cr3;
    sregs.cr4 |= mode->cr4;
    sregs.efer |= mode->efer;

    if (vcpu_set_sregs(vcpu, &sregs) < 0)
        return -1;
    return vcpu_set_regs(vcpu, &regs);
}
// ANCHOR_END: cpu_mode_enter

// ANCHOR: protected_mode_enter
int protected_mode_enter(struct vcpu *vcpu, const struct gdt *gdt,
                         uint16_t code_selector, uint16_t data_selector,
                         uint32_t eip, uint32_t esp)
{
    const struct cpu_mode protected_mode = {.cr0 = CR0_PE};

    return cpu_mode_enter(vcpu, gdt, code_selector, data_selector,
                          &protected_mode, eip, esp);
}
// ANCHOR_END: protected_mode_enter
