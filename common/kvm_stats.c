/*
 * kvm_stats.c - KVM's counters from a binary statistics fd.
 * Introduced in chapter 14.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/kvm.h>

#include "kvm.h"
#include "kvm_stats.h"

// ANCHOR: parse
/* Is [offset, offset + length) inside a file of `size` bytes? */
static int inside(uint64_t offset, uint64_t length, size_t size)
{
    return offset <= size && length <= size - offset;
}

int kvm_stats_parse(const uint8_t *file, size_t size, struct kvm_stats *stats)
{
    struct kvm_stats_header header;
    uint64_t step; /* one descriptor and its name */

    if (!inside(0, sizeof(header), size))
        goto invalid;
    memcpy(&header, file, sizeof(header));
    if (header.num_desc > KVM_STATS_MAX) {
        errno = E2BIG;
        return -1;
    }
    step = sizeof(struct kvm_stats_desc) + (uint64_t)header.name_size;
    if (header.name_size == 0 ||
        !inside(header.desc_offset, step * header.num_desc, size))
        goto invalid;
    stats->data_offset = header.data_offset;
    stats->count = header.num_desc;
    for (uint32_t i = 0; i < header.num_desc; i++) {
        const uint8_t *at = file + header.desc_offset + i * step;
        const char *name = (const char *)at + sizeof(struct kvm_stats_desc);
        size_t length = strnlen(name, header.name_size);
        struct kvm_stats_desc desc;

        memcpy(&desc, at, sizeof(desc));
        /* The name must end inside its room, and fit ours. */
        if (length == header.name_size || length >= KVM_STATS_NAME_MAX)
            goto invalid;
        memcpy(stats->stat[i].name, name, length + 1);
        stats->stat[i].flags = desc.flags;
        stats->stat[i].offset = desc.offset;
        stats->stat[i].size = desc.size;
        if (desc.size == 0 ||
            (uint64_t)header.data_offset + desc.offset + 8ull * desc.size >
                UINT32_MAX)
            goto invalid;
    }
    return 0;

invalid:
    errno = EINVAL;
    return -1;
}
// ANCHOR_END: parse

// ANCHOR: open
int kvm_stats_open(int fd, struct kvm_stats *stats)
{
    struct kvm_stats_header header;
    uint8_t *file;
    int saved_errno;

    stats->fd = KVM_IOCTL(fd, KVM_GET_STATS_FD, 0);
    if (stats->fd < 0)
        return -1;
    /* The header says how far the descriptors go; read up to there. */
    errno = EIO; /* what a short read leaves, if nothing else */
    if (pread(stats->fd, &header, sizeof(header), 0) != sizeof(header))
        goto fail;
    if (header.desc_offset > header.data_offset) {
        errno = EINVAL;
        goto fail;
    }
    file = malloc(header.data_offset);
    if (!file)
        goto fail;
    if (pread(stats->fd, file, header.data_offset, 0) !=
            (ssize_t)header.data_offset ||
        kvm_stats_parse(file, header.data_offset, stats) < 0) {
        saved_errno = errno;
        free(file);
        errno = saved_errno;
        goto fail;
    }
    free(file);
    return 0;

fail:
    saved_errno = errno;
    kvm_stats_close(stats);
    errno = saved_errno;
    return -1;
}
// ANCHOR_END: open

int kvm_stats_find(const struct kvm_stats *stats, const char *name)
{
    for (int i = 0; i < stats->count; i++)
        if (strcmp(stats->stat[i].name, name) == 0)
            return i;
    errno = ENOENT;
    return -1;
}

int kvm_stats_read(const struct kvm_stats *stats, int index, uint64_t *value)
{
    ssize_t got;
    off_t at;

    if (index < 0 || index >= stats->count) {
        errno = EINVAL;
        return -1;
    }
    at = (off_t)stats->data_offset + stats->stat[index].offset;
    got = pread(stats->fd, value, sizeof(*value), at);
    if (got != sizeof(*value)) {
        if (got >= 0)
            errno = EIO; /* the file ended early */
        return -1;
    }
    return 0;
}

int kvm_stats_value(const struct kvm_stats *stats, const char *name,
                    uint64_t *value)
{
    int index = kvm_stats_find(stats, name);

    return index < 0 ? -1 : kvm_stats_read(stats, index, value);
}

void kvm_stats_close(struct kvm_stats *stats)
{
    if (stats->fd >= 0)
        close(stats->fd);
    stats->fd = -1;
}
