/*
 * hypercall.c - the guest's side of the hypercall ABI (common/hypercall.h)
 * over chapter 07's transport: `out dx, eax` to HYPERCALL_PORT.
 * Introduced in chapter 07.
 */
#include "kvm101.h"

// ANCHOR: hypercall
long hypercall(long number, long arg0, long arg1, long arg2)
{
    long result;

    /* The write to the port exits to the host, which reads RAX, RBX, RCX
     * and RSI from the registers KVM saved, and puts the result in RAX
     * before the guest continues after the `out`. "memory": the host may
     * read or write our memory during the call. */
    __asm__ volatile("out dx, eax"
                     : "=a"(result)
                     : "a"(number), "b"(arg0), "c"(arg1), "S"(arg2),
                       "d"(HYPERCALL_PORT)
                     : "memory");
    return result;
}
// ANCHOR_END: hypercall

// ANCHOR: wrappers
long hc_write(const void *buffer, size_t length)
{
    return hypercall(HC_WRITE, (long)buffer, (long)length, 0);
}

void hc_exit(int status)
{
    hypercall(HC_EXIT, status, 0, 0);
    for (;;) /* the host never runs us again */
        __asm__ volatile("hlt");
}
// ANCHOR_END: wrappers

void hc_assert_failed(const char *file, int line, const char *expression)
{
    hypercall(HC_ASSERT_FAILED, (long)file, line, (long)expression);
    for (;;)
        __asm__ volatile("hlt");
}

uint64_t hc_memory_size(void)
{
    return hypercall(HC_MEMORY_SIZE, 0, 0, 0);
}

long hc_get_config(char *buffer, size_t size)
{
    return hypercall(HC_GET_CONFIG, (long)buffer, (long)size, 0);
}
