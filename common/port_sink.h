/*
 * port_sink.h - the ports no device claims. On a PC, a read from a port
 * nobody answers finds the bus floating high: 0xff in every byte; a write
 * goes nowhere. A kernel probing for hardware (the other serial ports,
 * the keyboard controller, PCI configuration, the real-time clock) relies
 * on exactly that to learn that nothing is there. The sink answers so,
 * and counts each port's reads and writes for --trace.
 *
 * Introduced in chapter 12.
 */
#ifndef KVM101_PORT_SINK_H
#define KVM101_PORT_SINK_H

#include <linux/kvm.h>
#include <stdint.h>
#include <stdio.h>

#define PORT_SINK_PORTS 64 /* ports counted one by one; the rest together */

struct port_count {
    uint16_t port;
    unsigned long reads, writes;
};

struct port_sink {
    struct port_count ports[PORT_SINK_PORTS];
    int count;
    unsigned long other_reads, other_writes; /* beyond PORT_SINK_PORTS */
};

/* A KVM_EXIT_IO nobody claims: fill a read's bytes with 0xff, ignore a
 * write, count it. Pure (a kvm_run in, a kvm_run and counts out). */
void port_sink_access(struct port_sink *sink, struct kvm_run *run);

/* Sort the counted ports by accesses, most first (for printing). */
void port_sink_sort(struct port_sink *sink);

/* For people (--trace): sort, then one line per port, each starting with
 * `prefix`, and one for the ports beyond PORT_SINK_PORTS if any. */
void port_sink_print(struct port_sink *sink, FILE *out, const char *prefix);

#endif
