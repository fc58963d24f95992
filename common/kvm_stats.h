/*
 * kvm_stats.h - KVM's own counters, read from a binary statistics file
 * descriptor (KVM_GET_STATS_FD on a VM or a vCPU, Linux 5.14).
 *
 * The file has three blocks (api.rst, "KVM_GET_STATS_FD"): a header
 * (struct kvm_stats_header) at offset 0; at desc_offset, num_desc
 * descriptors, each a struct kvm_stats_desc followed by its name in
 * name_size bytes; and at data_offset the values, 64-bit each, a
 * descriptor's `size` of them at data_offset + its `offset`. The header
 * and the descriptors never change while the fd is open; the values are
 * read again (pread) whenever they are wanted.
 *
 * A vCPU's counters say what KVM did for it: "exits", "io_exits",
 * "mmio_exits", "halt_exits", "irq_injections" and so on. Which names
 * exist depends on the kernel and the host: look them up by name.
 *
 * Introduced in chapter 14.
 */
#ifndef KVM101_KVM_STATS_H
#define KVM101_KVM_STATS_H

#include <stddef.h>
#include <stdint.h>

/* More than any kernel has (a vCPU on x86 has about 60). */
#define KVM_STATS_MAX 512
/* The longest name we keep, NUL included; longer ones are refused. */
#define KVM_STATS_NAME_MAX 64

struct kvm_stat {
    char name[KVM_STATS_NAME_MAX];
    uint32_t flags;  /* KVM_STATS_TYPE_*, KVM_STATS_UNIT_*, ... */
    uint32_t offset; /* of its first value, from data_offset */
    uint16_t size;   /* how many 64-bit values (1 but for histograms) */
};

struct kvm_stats {
    int fd; /* the statistics fd, or -1 */
    uint32_t data_offset;
    int count;
    struct kvm_stat stat[KVM_STATS_MAX];
};

/* Read the header and descriptors in `file` (the first `size` bytes of a
 * statistics fd, up to data_offset at least) into *stats (fd untouched).
 * Checks every offset and size against `size` and the names for a NUL.
 * Pure: unit-tested. Returns 0, or -1 with errno EINVAL (a block outside
 * the file, a name without its NUL, a name too long, a value outside the
 * 32-bit offsets) or E2BIG (more than KVM_STATS_MAX). */
int kvm_stats_parse(const uint8_t *file, size_t size,
                    struct kvm_stats *stats);

/* KVM_GET_STATS_FD on `fd` (a VM's or a vCPU's), then read its header and
 * descriptors. Returns 0, or -1 with errno set (*stats->fd is -1 then). */
int kvm_stats_open(int fd, struct kvm_stats *stats);

/* The index of the counter called `name`, or -1 (errno ENOENT). */
int kvm_stats_find(const struct kvm_stats *stats, const char *name);

/* The first value of counter `index`, read now. Returns 0, or -1 with
 * errno set. */
int kvm_stats_read(const struct kvm_stats *stats, int index, uint64_t *value);

/* kvm_stats_find() and kvm_stats_read() in one: 0, or -1 with errno. */
int kvm_stats_value(const struct kvm_stats *stats, const char *name,
                    uint64_t *value);

/* Close the statistics fd. Safe twice and after a failed open. */
void kvm_stats_close(struct kvm_stats *stats);

#endif
