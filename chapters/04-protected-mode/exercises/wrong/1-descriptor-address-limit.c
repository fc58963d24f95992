/*
 * Exercise 04.1: a plausible wrong answer, which the test must reject. It
 * checks only that the entry starts within the limit; the CPU wants all
 * 8 bytes inside, so with GDTR.limit 0x1e it refuses selector 0x18.
 */
#include <stdint.h>
#include <linux/kvm.h>

uint64_t descriptor_address(const struct kvm_dtable *gdtr, uint16_t selector)
{
    unsigned index = selector >> 3;

    if ((selector & 4) || index == 0 || index * 8 > gdtr->limit)
        return 0;
    return gdtr->base + index * 8;
}
