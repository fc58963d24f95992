/*
 * mptable.c - the MultiProcessor Specification's tables.
 * Introduced in chapter 12.
 */
#include <errno.h>
#include <string.h>

#include "mptable.h"

#define FLOATING_SIZE 16
#define HEADER_SIZE 44
#define PROCESSOR_SIZE 20
#define OTHER_ENTRY_SIZE 8 /* bus, IOAPIC, interrupt assignments */

enum { PROCESSOR, BUS, IOAPIC, IO_INTERRUPT, LOCAL_INTERRUPT };
enum { INT = 0, NMI = 1, EXTINT = 3 }; /* interrupt types */
#define CPU_ENABLED 0x01
#define CPU_BOOT 0x02
#define LAPIC_VERSION 0x14
#define IOAPIC_VERSION 0x11
#define ALL_LAPICS 0xff
#define ISA_CASCADE 2 /* the second PIC's line on the first: not an IRQ */

static void put16(uint8_t *p, uint16_t value)
{
    p[0] = value;
    p[1] = value >> 8;
}

static void put32(uint8_t *p, uint32_t value)
{
    put16(p, value);
    put16(p + 2, value >> 16);
}

/* Each table's bytes add up to 0 (mod 256) with its checksum byte. */
static uint8_t checksum(const uint8_t *bytes, size_t size)
{
    uint8_t sum = 0;

    for (size_t i = 0; i < size; i++)
        sum += bytes[i];
    return -sum;
}

/* An 8-byte interrupt assignment: which source line goes where. */
static uint8_t *assign(uint8_t *p, int kind, int type, int source_irq,
                       int destination, int pin)
{
    p[0] = kind;
    p[1] = type;
    put16(p + 2, 0); /* polarity and trigger: as the bus says (ISA: edge) */
    p[4] = 0;        /* source bus: the ISA bus, id 0 */
    p[5] = source_irq;
    p[6] = destination;
    p[7] = pin;
    return p + OTHER_ENTRY_SIZE;
}

// ANCHOR: mptable
int mptable_write(uint8_t *memory, uint64_t memory_size, uint64_t address)
{
    const int entries = 1 + 1 + 1 + (MPTABLE_ISA_LINES - 1) + 2;
    const size_t table_size = HEADER_SIZE + PROCESSOR_SIZE +
                              (entries - 1) * OTHER_ENTRY_SIZE;
    uint8_t *floating = memory + address;
    uint8_t *table = floating + FLOATING_SIZE, *p;

    if (address + FLOATING_SIZE + table_size > memory_size) {
        errno = ENOSPC;
        return -1;
    }
    memset(floating, 0, FLOATING_SIZE + table_size);
    /* The floating pointer: where the table is. */
    memcpy(floating, "_MP_", 4);
    put32(floating + 4, address + FLOATING_SIZE);
    floating[8] = 1; /* its length in 16-byte units */
    floating[9] = 4; /* specification 1.4 */
    /* The table's header; the entries follow it. */
    memcpy(table, "PCMP", 4);
    put16(table + 4, table_size);
    table[6] = 4;
    memcpy(table + 8, "KVM101  ", 8);        /* OEM */
    memcpy(table + 16, "CHAPTER 12  ", 12);  /* product */
    put16(table + 34, entries);
    put32(table + 36, MPTABLE_LAPIC);
    /* The CPU: local APIC 0, enabled, the boot processor. */
    p = table + HEADER_SIZE;
    p[0] = PROCESSOR;
    p[2] = LAPIC_VERSION;
    p[3] = CPU_ENABLED | CPU_BOOT;
    p += PROCESSOR_SIZE;
    /* The ISA bus. */
    p[0] = BUS;
    memcpy(p + 2, "ISA   ", 6);
    p += OTHER_ENTRY_SIZE;
    /* KVM's IOAPIC. */
    p[0] = IOAPIC;
    p[1] = MPTABLE_IOAPIC_ID;
    p[2] = IOAPIC_VERSION;
    p[3] = 1; /* enabled */
    put32(p + 4, MPTABLE_IOAPIC);
    p += OTHER_ENTRY_SIZE;
    /* ISA line n to IOAPIC pin n, as KVM wires its lines (a line number
     * is a GSI and a pin, chapter 10). */
    for (int irq = 0; irq < MPTABLE_ISA_LINES; irq++)
        if (irq != ISA_CASCADE)
            p = assign(p, IO_INTERRUPT, INT, irq, MPTABLE_IOAPIC_ID, irq);
    /* The PIC on every CPU's LINT0, the NMI on LINT1. */
    p = assign(p, LOCAL_INTERRUPT, EXTINT, 0, ALL_LAPICS, 0);
    assign(p, LOCAL_INTERRUPT, NMI, 0, ALL_LAPICS, 1);
    table[7] = checksum(table, table_size);
    floating[10] = checksum(floating, FLOATING_SIZE);
    return FLOATING_SIZE + table_size;
}
// ANCHOR_END: mptable
