/*
 * vmcall.c - a guest that executes `vmcall`, the instruction KVM's own
 * hypercalls use, instead of our port-I/O transport.
 *
 * On hardware KVM handles it itself: an unknown call number (RAX = 99)
 * returns -KVM_ENOSYS (-1000) in RAX, and the guest goes on to exit 0. On
 * the nested PVM host (HOST.md) KVM_RUN never returns after `vmcall`: the
 * host's --timeout must stop the guest with "guest did not halt within
 * ..." (tests/faults/guests.c).
 */
#include "kvm101.h"

int main(void)
{
    long result;

    printf("vmcall with rax = 99\n");
    __asm__ volatile("vmcall" : "=a"(result) : "a"(99L) : "memory");
    printf("vmcall returned %ld\n", result);
    return 0;
}
