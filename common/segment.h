/*
 * segment.h - segment descriptors: the 8-byte GDT entries of protected and
 * long mode, and the hidden "descriptor cache" the CPU fills from them when
 * a segment register is loaded (struct kvm_segment is that cache).
 *
 * Layout (Intel SDM Vol. 3A, 3.4.5 "Segment Descriptors"):
 *
 *   63    56 55 54 53 52 51   48 47 46 45 44 43   40 39        16 15       0
 *  +--------+--+--+--+--+-------+--+-----+--+-------+-------------+----------+
 *  |base    |G |DB|L |AV|limit  |P | DPL |S | type  | base 23:0   |limit 15:0|
 *  |31:24   |  |  |  |L |19:16  |  |     |  |       |             |          |
 *  +--------+--+--+--+--+-------+--+-----+--+-------+-------------+----------+
 *
 * Introduced in chapter 04.
 */
#ifndef KVM101_SEGMENT_H
#define KVM101_SEGMENT_H

#include <stdint.h>
#include <linux/kvm.h>

// ANCHOR: descriptor_bits
/* The access byte, bits 40-47. */
#define SEG_TYPE_ACCESSED 0x1  /* set by the CPU on first use */
#define SEG_TYPE_DATA_WRITE 0x2
#define SEG_TYPE_CODE_READ 0x2
#define SEG_TYPE_CODE 0x8       /* code, not data */
#define SEG_TYPE_TSS_BUSY 0xb   /* system type (S = 0): busy 32/64-bit TSS */
#define SEG_S 0x10              /* code or data, not a system segment */
#define SEG_DPL(level) ((level) << 5)
#define SEG_P 0x80              /* present */

/* The flags nibble, bits 52-55. */
#define SEG_AVL 0x1
#define SEG_L 0x2  /* 64-bit code segment */
#define SEG_DB 0x4 /* 32-bit default operand size (code), 32-bit stack */
#define SEG_G 0x8  /* limit counts 4 KiB pages, not bytes */
// ANCHOR_END: descriptor_bits

/* Encode a descriptor. `limit` is the 20-bit field as stored (in 4 KiB
 * units when SEG_G is in flags); `access` and `flags` use the bits above. */
uint64_t x86_descriptor(uint32_t base, uint32_t limit, uint8_t access,
                        uint8_t flags);

uint32_t x86_descriptor_base(uint64_t descriptor);
/* The limit in bytes, as the CPU uses it: with G set, (field << 12) | 0xfff. */
uint32_t x86_descriptor_limit(uint64_t descriptor);

/* What the CPU puts in a segment register's hidden part when software loads
 * `selector` and the GDT holds `descriptor` there. Use it so that the
 * segments KVM_SET_SREGS installs agree with the GDT in guest memory. */
struct kvm_segment x86_segment_from_descriptor(uint16_t selector,
                                               uint64_t descriptor);

// ANCHOR: selector
/* A selector: GDT index * 8, table indicator 0 (GDT), requested privilege
 * level in bits 0-1. */
#define X86_SELECTOR(index, rpl) ((uint16_t)((index) << 3 | (rpl)))
// ANCHOR_END: selector

#endif
