/*
 * machine.h - everything chapters 01 and 02 built, in one call: open
 * /dev/kvm and check it, create a VM with one block of memory at guest
 * physical address 0, create vCPU 0 and map its kvm_run.
 *
 * Introduced in chapter 03.
 */
#ifndef KVM101_MACHINE_H
#define KVM101_MACHINE_H

#include <stdint.h>

#include "vcpu.h"
#include "vm.h"

/* Guest-physical pages machine_create() gives KVM for running real mode
 * on Intel (see machine.c); no memory slot may cover them. */
#define MACHINE_IDENTITY_MAP 0xfeffc000 /* one page */
#define MACHINE_TSS 0xfeffd000          /* three pages */

struct machine {
    int kvm_fd;
    struct vm vm;
    struct vcpu vcpu;
    uint8_t *memory; /* host address of guest physical 0 */
    uint64_t memory_size;
};

/* Returns 0, or -1 with errno set and *failed_step naming what failed
 * (everything created so far is released again). */
int machine_create(struct machine *machine, uint64_t memory_size,
                   const char **failed_step);

/* machine_create() up to the vCPU: /dev/kvm, the capabilities, the VM with
 * its real-mode regions and memory_size bytes at 0. For a VM that needs
 * something before its first vCPU (chapter 10's interrupt controllers);
 * then vcpu_create(). Same returns; on failure everything is released. */
int machine_create_vm(struct machine *machine, uint64_t memory_size,
                      const char **failed_step);

/* machine_create_vm() with KVM_MEM_* flags for the memory slot
 * (vm_add_memory_flags(): chapter 13's sandbox logs its dirty pages).
 * Same returns. */
int machine_create_vm_flags(struct machine *machine, uint64_t memory_size,
                            uint32_t memory_flags, const char **failed_step);

/* Release everything. Safe after a failed machine_create. */
void machine_destroy(struct machine *machine);

#endif
