/*
 * exit_costs.h - chapter 14's guest and host agree on these: the guest's
 * memory map, the ports it writes, and the loops it runs. Plain #defines,
 * so that the assembly guest (guests/14-exit-costs.S) includes it too.
 *
 * The protocol: the guest writes EXIT_COSTS_PORT_READY (an exit to the
 * host) and then reads the mailbox: which loop to run and how many turns.
 * The host fills the mailbox while the guest is out, and the guest's next
 * READY says the loop is done.
 *
 * Introduced in chapter 14.
 */
#ifndef KVM101_EXIT_COSTS_H
#define KVM101_EXIT_COSTS_H

#define EXIT_COSTS_MEMORY 0x100000       /* 1 MiB of RAM at 0 */
#define EXIT_COSTS_SYSTEM_AREA 0x1000    /* GDT and TSS, CPL 0 only */
#define EXIT_COSTS_TABLES 0x4000         /* page tables, mapped nowhere */
#define EXIT_COSTS_TABLES_SIZE 0xc000
#define EXIT_COSTS_CODE 0x10000          /* the guest image: read, execute */
#define EXIT_COSTS_CODE_SIZE 0x1000
#define EXIT_COSTS_DATA 0x20000          /* read, write: mailbox, IDT, stack */
#define EXIT_COSTS_DATA_SIZE 0x10000
#define EXIT_COSTS_MAILBOX EXIT_COSTS_DATA
#define EXIT_COSTS_IDT (EXIT_COSTS_DATA + 0x1000)
#define EXIT_COSTS_STACK_TOP (EXIT_COSTS_DATA + EXIT_COSTS_DATA_SIZE)
#define EXIT_COSTS_MMIO 0xd0000000       /* mapped, no memory: MMIO exits */
#define EXIT_COSTS_LAPIC 0xfee00000      /* the local APIC, CPL 0 only */

/* The mailbox: two 64-bit words. */
#define EXIT_COSTS_MAILBOX_LOOP 0
#define EXIT_COSTS_MAILBOX_TURNS 8

#define EXIT_COSTS_PORT_READY 0x0530  /* "loop done, what next?" (exits) */
#define EXIT_COSTS_PORT_EXIT 0x0531   /* no device: each out exits to us */
#define EXIT_COSTS_PORT_EVENT 0x0532  /* an ioeventfd: no exit to us */
#define EXIT_COSTS_PORT_RELAY 0x0533  /* an ioeventfd a relay answers */
#define EXIT_COSTS_PIT_MODE 0x43      /* the PIT's mode port, in-kernel */
#define EXIT_COSTS_RELAY_LINE 5       /* the relay's irqfd raises this */
#define EXIT_COSTS_PIC_VECTOR 0x20    /* PIC line N arrives on 0x20 + N */
#define EXIT_COSTS_IPI_VECTOR 0x40    /* the guest's interrupt to itself */
#define EXIT_COSTS_TIMER_VECTOR 0x41  /* its local APIC timer's */

/* The guest's loops, one per kind of exit (the mailbox's first word). */
#define LOOP_NOTHING 0     /* no turns: the round trip around a loop */
#define LOOP_CPUID 1       /* cpuid */
#define LOOP_PIO 2         /* out to EXIT_COSTS_PORT_EXIT */
#define LOOP_MMIO 3        /* a byte written to EXIT_COSTS_MMIO */
#define LOOP_PIT 4         /* out to the PIT's mode port (a latch) */
#define LOOP_HLT 5         /* hlt with IF = 0 */
#define LOOP_SELF_IPI 6    /* self-IPI, sti; hlt: woken by it (CPL 0) */
#define LOOP_EVENTFD 7     /* out to EXIT_COSTS_PORT_EVENT */
#define LOOP_RELAY 8       /* out to EXIT_COSTS_PORT_RELAY, sti; hlt */
#define LOOP_SETUP 9       /* CPL 0, once: IDT, PICs, local APIC */
#define LOOPS 10

#endif
