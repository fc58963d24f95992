/*
 * mptable.h - the Intel MultiProcessor Specification's tables (v1.4),
 * which tell an operating system how a PC's interrupts are wired: its
 * CPUs with their local APIC ids, its IOAPIC and where each ISA line
 * enters it. A BIOS leaves them in its ROM area; Linux finds them by the
 * signature "_MP_" on a 16-byte boundary between 0xf0000 and 0xfffff.
 *
 * Without them (and without ACPI) Linux knows of no IOAPIC: it runs
 * "virtual wire mode with no configuration", where every interrupt comes
 * through the 8259 PIC and the only timer it will use is the PIT on IRQ 0.
 * With them it routes ISA interrupts through the IOAPIC and keeps time
 * with each CPU's local APIC timer, and leaves the PIT alone.
 *
 * Introduced in chapter 12.
 */
#ifndef KVM101_MPTABLE_H
#define KVM101_MPTABLE_H

#include <stddef.h>
#include <stdint.h>

#define MPTABLE_ADDRESS 0xf0000   /* in the BIOS area the e820 map reserves */
#define MPTABLE_LAPIC 0xfee00000  /* where KVM's local APICs are */
#define MPTABLE_IOAPIC 0xfec00000 /* and its IOAPIC */
#define MPTABLE_IOAPIC_ID 1       /* an id no CPU has */
#define MPTABLE_ISA_LINES 16

/* Write the floating pointer and the configuration table for one CPU
 * (local APIC id 0), an ISA bus, KVM's IOAPIC with ISA line n on pin n,
 * and the PIC's ExtINT and the NMI on the CPU's LINT0 and LINT1, at
 * `address` in `memory`. Returns the bytes written, or -1 with errno
 * ENOSPC when they do not fit below `memory_size`. Pure; unit-tested. */
int mptable_write(uint8_t *memory, uint64_t memory_size, uint64_t address);

#endif
