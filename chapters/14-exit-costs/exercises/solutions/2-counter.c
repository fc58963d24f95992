/*
 * Exercise 14.2 (moderate): read one of KVM's counters.
 *
 * A statistics fd (KVM_GET_STATS_FD) holds a header (struct
 * kvm_stats_header), then at desc_offset num_desc descriptors, each a
 * struct kvm_stats_desc followed by its name in name_size bytes, and at
 * data_offset the values, 64 bits each: a counter's first value lies at
 * data_offset + its descriptor's offset. Complete counter_value(): find
 * the counter called `name` in the `size` bytes of such a file and store
 * its first value in *value.
 *
 * Hint: step through the descriptors sizeof(struct kvm_stats_desc) +
 * name_size bytes at a time, and compare whole names (strcmp): "exits"
 * is not "io_exits" nor "exits_total". Check that the value lies inside
 * the file before you read it (memcpy, for alignment).
 *
 * Book: book/14-exit-costs.md, "Did it really happen? KVM's counters".
 * Check: make ex EX=14.2
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <linux/kvm.h>

/* Returns 0 with *value set, or -1 when there is no counter `name` (or
 * its value is outside the file). */
int counter_value(const uint8_t *file, size_t size, const char *name,
                  uint64_t *value)
{
    struct kvm_stats_header header;
    struct kvm_stats_desc desc;
    size_t step;

    if (size < sizeof(header))
        return -1;
    memcpy(&header, file, sizeof(header));
    step = sizeof(desc) + header.name_size;
    for (uint32_t i = 0; i < header.num_desc; i++) {
        size_t at = header.desc_offset + (size_t)i * step;
        const char *desc_name;

        if (at + step > size)
            return -1;
        memcpy(&desc, file + at, sizeof(desc));
        desc_name = (const char *)file + at + sizeof(desc);
        if (strncmp(desc_name, name, header.name_size) != 0)
            continue;
        at = (size_t)header.data_offset + desc.offset;
        if (at + sizeof(*value) > size)
            return -1;
        memcpy(value, file + at, sizeof(*value));
        return 0;
    }
    return -1;
}
