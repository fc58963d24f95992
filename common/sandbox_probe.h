/*
 * sandbox_probe.h - the functions of guests/tests/sandbox-probe.c, the
 * sandbox program that chapter 13's tests and `make bench` call.
 *
 * Introduced in chapter 13.
 */
#ifndef KVM101_SANDBOX_PROBE_H
#define KVM101_SANDBOX_PROBE_H

enum probe_function {
    PROBE_NOTHING,        /* return 0 at once */
    PROBE_HOST_CALLS,     /* (count): host calls to the first function */
    PROBE_FLOOD,          /* (count): host calls to no function at all */
    PROBE_BAD_BUFFERS,    /* host calls with buffers outside; -> refused */
    PROBE_DIRTY,          /* (pages): write to that many heap pages */
    PROBE_KEEP,           /* keep the input in .bss, XMM0 and ES (changed) */
    PROBE_LOOK,           /* -> ES, data: the kept bytes and XMM0 */
    PROBE_FAULT,          /* (enum probe_fault) */
    PROBE_PORTS,          /* out and in to ports no one serves */
    PROBE_SPIN,           /* loop for ever, interrupts off */
    PROBE_RETURN_OUTSIDE, /* return data that is not in the buffer */
    PROBE_PASS_INPUT,     /* (argument): the host's first function, with the
                             input as its buffer; -> what it returned */
};

/* PROBE_KEEP loads ES with this, or with 0 if ES held it: user_mode.h's
 * USER_MODE_USER_DS. */
#define USER_DATA_SELECTOR 0x23

enum probe_fault {
    FAULT_UD2,
    FAULT_WRITE_CODE,
    FAULT_RUN_DATA,
    FAULT_READ_TABLES,
    FAULT_READ_GDT,
    FAULT_HLT,
    FAULT_SYSCALL,
    FAULT_INT3,
    FAULT_PAST_MEMORY,
    PROBE_FAULTS
};

#endif
