/*
 * vcpu.c - a virtual CPU and its kvm_run page. Introduced in chapter 02.
 */
#include <errno.h>
#include <sys/mman.h>
#include <unistd.h>

#include "kvm.h"
#include "vcpu.h"

// ANCHOR: create_vcpu
int vcpu_create(struct vm *vm, int id, struct vcpu *vcpu,
                const char **failed_step)
{
    int size;

    *vcpu = (struct vcpu){.fd = -1, .id = id, .vm = vm};
    vcpu->fd = KVM_IOCTL(vm->fd, KVM_CREATE_VCPU, id);
    if (vcpu->fd < 0) {
        *failed_step = "KVM_CREATE_VCPU";
        return -1;
    }
    /* kvm_run is followed by more pages (the data of every port I/O exit
     * lives there, at io.data_offset), so its size is asked of the /dev/kvm
     * fd, not taken from sizeof. */
    size = KVM_IOCTL(vm->kvm_fd, KVM_GET_VCPU_MMAP_SIZE, 0);
    if (size < 0) {
        *failed_step = "KVM_GET_VCPU_MMAP_SIZE";
        return -1;
    }
    if (!vcpu_mmap_size_is_enough(size)) { /* not KVM as we know it */
        *failed_step = "KVM_GET_VCPU_MMAP_SIZE";
        errno = EPROTO;
        return -1;
    }
    vcpu->run = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED,
                     vcpu->fd, 0);
    if (vcpu->run == MAP_FAILED) {
        vcpu->run = NULL;
        *failed_step = "mmap kvm_run";
        return -1;
    }
    vcpu->run_size = size;
    return 0;
}
// ANCHOR_END: create_vcpu

bool vcpu_mmap_size_is_enough(int size)
{
    return size >= 0 && (size_t)size >= sizeof(struct kvm_run);
}

int vcpu_get_regs(struct vcpu *vcpu, struct kvm_regs *regs)
{
    return KVM_IOCTL(vcpu->fd, KVM_GET_REGS, regs);
}

int vcpu_get_sregs(struct vcpu *vcpu, struct kvm_sregs *sregs)
{
    return KVM_IOCTL(vcpu->fd, KVM_GET_SREGS, sregs);
}

int vcpu_set_regs(struct vcpu *vcpu, const struct kvm_regs *regs)
{
    return KVM_IOCTL(vcpu->fd, KVM_SET_REGS, regs);
}

int vcpu_set_sregs(struct vcpu *vcpu, const struct kvm_sregs *sregs)
{
    return KVM_IOCTL(vcpu->fd, KVM_SET_SREGS, sregs);
}

void vcpu_destroy(struct vcpu *vcpu)
{
    int saved_errno = errno;

    if (vcpu->run)
        munmap(vcpu->run, vcpu->run_size);
    vcpu->run = NULL;
    if (vcpu->fd >= 0)
        close(vcpu->fd);
    vcpu->fd = -1;
    errno = saved_errno;
}

// ANCHOR: translate
int vcpu_translate(struct vcpu *vcpu, uint64_t virtual_address,
                   uint64_t *physical_address)
{
    struct kvm_translation translation = {.linear_address = virtual_address};

    if (KVM_IOCTL(vcpu->fd, KVM_TRANSLATE, &translation) < 0)
        return -1;
    if (!translation.valid) {
        errno = ENOENT;
        return -1;
    }
    *physical_address = translation.physical_address;
    return 0;
}
// ANCHOR_END: translate

const char *vcpu_where(struct vcpu *vcpu, uint64_t *rip)
{
    struct kvm_mp_state state = {0};
    struct kvm_regs regs = {0};

    *rip = vcpu_get_regs(vcpu, &regs) == 0 ? regs.rip
                                            : vcpu->run->s.regs.regs.rip;
    if (KVM_IOCTL(vcpu->fd, KVM_GET_MP_STATE, &state) < 0)
        return "stopped";
    return state.mp_state == KVM_MP_STATE_HALTED ? "halted" : "running";
}
