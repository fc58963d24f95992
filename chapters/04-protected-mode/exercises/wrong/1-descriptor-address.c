/*
 * Exercise 04.1: a plausible wrong answer, which the test must reject. The
 * book says a GDT selector with RPL 0 is the byte offset of its entry, and
 * this takes every selector as an offset: with RPL 3 (0x13) it reads 3
 * bytes into the entry, and an LDT selector becomes a GDT offset.
 */
#include <stdint.h>
#include <linux/kvm.h>

uint64_t descriptor_address(const struct kvm_dtable *gdtr, uint16_t selector)
{
    if (selector < 8 || selector + 7u > gdtr->limit)
        return 0;
    return gdtr->base + selector;
}
