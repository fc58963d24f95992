/*
 * port_sink.c - ports no device claims. Introduced in chapter 12.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "port_sink.h"

// ANCHOR: access
void port_sink_access(struct port_sink *sink, struct kvm_run *run)
{
    uint8_t *data = (uint8_t *)run + run->io.data_offset;
    bool out = run->io.direction == KVM_EXIT_IO_OUT;
    struct port_count *entry = NULL;

    if (!out) /* nothing drives the bus: every bit reads 1 */
        memset(data, 0xff, (size_t)run->io.size * run->io.count);
    for (int i = 0; i < sink->count && !entry; i++)
        if (sink->ports[i].port == run->io.port)
            entry = &sink->ports[i];
    if (!entry && sink->count < PORT_SINK_PORTS) {
        entry = &sink->ports[sink->count++];
        *entry = (struct port_count){.port = run->io.port};
    }
    if (entry)
        *(out ? &entry->writes : &entry->reads) += run->io.count;
    else
        *(out ? &sink->other_writes : &sink->other_reads) += run->io.count;
}
// ANCHOR_END: access

static int by_accesses(const void *a, const void *b)
{
    const struct port_count *x = a, *y = b;
    unsigned long nx = x->reads + x->writes, ny = y->reads + y->writes;

    if (nx != ny)
        return nx < ny ? 1 : -1;
    return x->port - y->port;
}

void port_sink_sort(struct port_sink *sink)
{
    qsort(sink->ports, sink->count, sizeof(sink->ports[0]), by_accesses);
}

void port_sink_print(struct port_sink *sink, FILE *out, const char *prefix)
{
    port_sink_sort(sink);
    for (int i = 0; i < sink->count; i++)
        fprintf(out, "%s%#06x: %lu reads, %lu writes\n", prefix,
                sink->ports[i].port, sink->ports[i].reads,
                sink->ports[i].writes);
    if (sink->other_reads || sink->other_writes)
        fprintf(out, "%sothers: %lu reads, %lu writes\n", prefix,
                sink->other_reads, sink->other_writes);
}
