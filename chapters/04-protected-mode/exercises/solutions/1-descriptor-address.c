/*
 * Exercise 04.1 (easy): find a selector's descriptor. A reference solution.
 */
#include <stdint.h>
#include <linux/kvm.h>

uint64_t descriptor_address(const struct kvm_dtable *gdtr, uint16_t selector)
{
    unsigned index = selector >> 3; /* RPL and TI are not part of it */
    unsigned offset = index * 8;

    if (selector & 4)
        return 0; /* TI = 1: the LDT, not the GDT */
    if (index == 0)
        return 0; /* the null selector: the CPU reads no entry 0 */
    /* The limit is the last valid byte: the entry's last byte, offset + 7,
     * must not be beyond it. */
    if (offset + 7 > gdtr->limit)
        return 0;
    return gdtr->base + offset;
}
