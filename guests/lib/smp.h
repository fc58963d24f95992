/*
 * smp.h - several processors in a C guest: the local APIC, and starting
 * application processors (APs) the way firmware does.
 *
 * Each processor has a local APIC, reached at the same physical address,
 * 0xfee00000, from every processor: each one sees its own there. The
 * boot processor starts an AP by writing its Interrupt Command Register:
 * INIT (reset and wait), then a start-up IPI (SIPI) whose vector V says
 * where to begin: real mode, CS = V << 8, IP = 0. From there the AP takes
 * the guest library's climb (climb.S) to long mode, on the page tables
 * the boot processor uses, picks its stack by its APIC ID, loads the IDT
 * and calls the function it was given.
 *
 * Introduced in chapter 11.
 */
#ifndef KVM101_GUEST_SMP_H
#define KVM101_GUEST_SMP_H

#include <stdint.h>

#include "smp_guest.h"

/* Map the local APIC's page (uncached) into the page tables in CR3, which
 * map only the first 1 GiB (long_mode_boot()). Call it once, on the boot
 * processor, before anything below. */
void apic_map(void);

/* This processor's APIC ID: the vCPU id KVM gave it. */
unsigned apic_id(void);

/* Let the local APIC deliver fixed interrupts (its software enable bit):
 * without it, IPIs sent to this processor are dropped. */
void apic_enable(void);

/* Send `command` (the ICR's low half: vector, delivery mode, ...) to the
 * processor with APIC ID `destination`, and wait until the APIC has
 * sent it. */
void apic_send(unsigned destination, uint32_t command);

/* A fixed interrupt on SMP_IPI_VECTOR to `destination`. */
void apic_send_ipi(unsigned destination);

/* Tell the local APIC the interrupt being handled is done. */
void apic_eoi(void);

/* The page a SIPI starts an AP at (ap_start.S): its vector is the page
 * number, address >> 12. */
extern char smp_trampoline[];

/* The APs' stacks (ap_start.S): SMP_STACK_SIZE bytes each, in the order
 * of their APIC IDs. */
extern char smp_stacks[];

typedef void (*ap_function)(unsigned apic_id);

/* Start the AP with APIC ID `id`: INIT, SIPI, SIPI. It will run
 * function(id) on its own stack, then halt with interrupts off. Returns
 * once the AP has reached its C code. */
void smp_start_ap(unsigned id, ap_function function);

/* How many APs have reached their C code so far. */
unsigned smp_started(void);

#endif
