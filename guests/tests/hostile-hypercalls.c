/*
 * hostile-hypercalls.c - a guest that makes every bad hypercall it can
 * think of and prints what each one returned:
 *
 *   a write from a buffer outside guest memory           -> -14 (EFAULT)
 *   a write whose address + length wraps around 2^64      -> -14 (EFAULT)
 *   a write longer than HC_MAX_WRITE                      -> -22 (EINVAL)
 *   get_config into a buffer crossing the end of memory   -> -14 (EFAULT)
 *   an unknown call number                                -> -38 (ENOSYS)
 *
 * then exits 0. The host must refuse each call with one clear line on
 * stderr, touch nothing outside guest memory, hand the error back in RAX
 * and let the guest run on (tests/faults/guests.c, tests/kvm/hypercalls.c).
 */
#include "kvm101.h"

static char big[16];

int main(void)
{
    uint64_t end = hc_memory_size();
    long result;

    result = hc_write((const void *)0x40000000, 16); /* 1 GiB: no memory */
    printf("write outside memory: %ld\n", result);

    result = hypercall(HC_WRITE, -16L, 32, 0); /* 2^64 - 16 + 32 wraps */
    printf("write wrapping 2^64: %ld\n", result);

    result = hc_write(big, HC_MAX_WRITE + 1);
    printf("write too long: %ld\n", result);

    result = hc_get_config((char *)(end - 8), 64); /* 8 in, 56 past */
    printf("get_config across the end: %ld\n", result);

    result = hypercall(99, 1, 2, 3);
    printf("unknown call 99: %ld\n", result);

    printf("still running\n");
    return 0;
}
