/*
 * smp_guest.h - what chapter 11's host and its guests agree on, shared
 * like hypercall.h:
 *
 *   - the guest has a stack for each of at most SMP_MAX_VCPUS processors,
 *     picked by APIC ID, so the host refuses more (--vcpus);
 *   - the configuration string (HC_GET_CONFIG) is the number of vCPUs in
 *     decimal, then optional words: "4", or "2 no-sipi" for a test.
 *
 * Introduced in chapter 11.
 */
#ifndef KVM101_SMP_GUEST_H
#define KVM101_SMP_GUEST_H

#define SMP_MAX_VCPUS 16
#define SMP_STACK_SIZE 0x4000 /* 16 KiB for each application processor */

/* Fixed interrupts a processor sends another (an IPI) arrive on this
 * vector: the last of the 16 gates chapter 10's guest library sets up
 * (vectors 32-47), which no PIC line uses in chapter 11. */
#define SMP_IPI_VECTOR 47

#endif
