/*
 * segment.c - segment descriptors and the descriptor cache.
 * Introduced in chapter 04.
 */
#include "segment.h"

// ANCHOR: x86_descriptor
uint64_t x86_descriptor(uint32_t base, uint32_t limit, uint8_t access,
                        uint8_t flags)
{
    /* The fields are scattered for compatibility with the 80286, whose
     * descriptors had a 24-bit base and a 16-bit limit in the low bytes. */
    return (uint64_t)(limit & 0xffff) |
           (uint64_t)(base & 0xffffff) << 16 |
           (uint64_t)access << 40 |
           (uint64_t)((limit >> 16) & 0xf) << 48 |
           (uint64_t)(flags & 0xf) << 52 |
           (uint64_t)(base >> 24) << 56;
}
// ANCHOR_END: x86_descriptor

// ANCHOR: decode
uint32_t x86_descriptor_base(uint64_t descriptor)
{
    return (uint32_t)((descriptor >> 16) & 0xffffff) |
           (uint32_t)(descriptor >> 56) << 24;
}

uint32_t x86_descriptor_limit(uint64_t descriptor)
{
    uint32_t field = (uint32_t)(descriptor & 0xffff) |
                     (uint32_t)((descriptor >> 48) & 0xf) << 16;
    int granular = (descriptor >> 52) & SEG_G;

    return granular ? field << 12 | 0xfff : field;
}
// ANCHOR_END: decode

// ANCHOR: segment_from_descriptor
struct kvm_segment x86_segment_from_descriptor(uint16_t selector,
                                               uint64_t descriptor)
{
    uint8_t access = descriptor >> 40;
    uint8_t flags = (descriptor >> 52) & 0xf;

    return (struct kvm_segment){
        .base = x86_descriptor_base(descriptor),
        .limit = x86_descriptor_limit(descriptor), /* in bytes */
        .selector = selector,
        .type = access & 0xf,
        .s = !!(access & SEG_S),
        .dpl = (access >> 5) & 3,
        .present = !!(access & SEG_P),
        .avl = !!(flags & SEG_AVL),
        .l = !!(flags & SEG_L),
        .db = !!(flags & SEG_DB),
        .g = !!(flags & SEG_G),
        .unusable = !(access & SEG_P),
    };
}
// ANCHOR_END: segment_from_descriptor
