/*
 * sandbox_abi.h - what the sandbox (sandbox.h) and the programs it runs
 * (guests/sandbox/) agree on: the guest's memory map, how a call starts,
 * and the host calls.
 *
 * Memory (guest-virtual = guest-physical, as the host's page tables map
 * it; every address not listed is mapped nowhere):
 *
 *   0x000000  the GDT and the TSS           only the CPU reads them
 *   0x004000  the page tables               mapped nowhere
 *   0x100000  the shared buffer             read and write, no execute
 *   0x200000  the program, as it was linked (guests/sandbox/sandbox.ld):
 *             code read and execute; constants read only; data read and
 *             write, no execute
 *   ...       the heap, up to the stack     read and write, no execute
 *   top       the stack (SANDBOX_STACK_SIZE) read and write, no execute
 *
 * A call: the host starts the vCPU at the program's call entry (the same
 * registers every time, taken from the snapshot) with
 *
 *   RDI  the function number      RSI, RDX, RCX  three arguments
 *
 * and the program ends it with the host call SANDBOX_RETURN.
 *
 * A host call is chapter 07's hypercall (hypercall.h), at CPL 3: the
 * number in RAX, arguments in RBX, RCX, RSI, `out` to HYPERCALL_PORT; the
 * result comes back in RAX. Every address the program passes must lie
 * inside the shared buffer, with its length: the host follows no other
 * guest pointer. A refused call returns SANDBOX_REFUSED.
 *
 * Introduced in chapter 13.
 */
#ifndef KVM101_SANDBOX_ABI_H
#define KVM101_SANDBOX_ABI_H

// ANCHOR: memory_map
#define SANDBOX_SYSTEM_AREA 0x0          /* GDT, TSS, I/O bitmap: 3 pages */
#define SANDBOX_TABLES 0x4000            /* the page tables' room */
#define SANDBOX_TABLES_SIZE 0xfc000      /* up to the shared buffer */
#define SANDBOX_SHARED 0x100000          /* the shared buffer */
#define SANDBOX_SHARED_MAX 0x100000      /* its largest size: 1 MiB */
#define SANDBOX_PROGRAM 0x200000         /* where programs are linked */
#define SANDBOX_STACK_SIZE 0x10000       /* 64 KiB at the top of memory */
// ANCHOR_END: memory_map

// ANCHOR: host_calls
/* The host calls every sandbox has. Numbers from SANDBOX_FIRST_FUNCTION
 * on are the embedder's own (struct sandbox_function). */
#define SANDBOX_RETURN 0 /* (value, data, length): the call is over; its
                          * result is value, and data[0..length) in the
                          * shared buffer (length may be 0); no return */
#define SANDBOX_WRITE 1  /* (text, length): output from the shared
                          * buffer, at most SANDBOX_WRITE_MAX bytes;
                          * -> length */
#define SANDBOX_FIRST_FUNCTION 2

#define SANDBOX_WRITE_MAX 4096
#define SANDBOX_REFUSED (-1L) /* in RAX: the host refused the call */
// ANCHOR_END: host_calls

#endif
