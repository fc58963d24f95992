/*
 * hypercall_host.h - the host's side of the hypercall ABI (hypercall.h):
 * checking every argument against guest memory, doing the call, and
 * handing the result back in RAX.
 *
 * Introduced in chapter 07.
 */
#ifndef KVM101_HYPERCALL_HOST_H
#define KVM101_HYPERCALL_HOST_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "hypercall.h"
#include "run.h"
#include "vm.h"

#define EXCEPTIONS_KEPT 16 /* kept, and shown: a guest may report more */
#define REFUSALS_SHOWN 10  /* refusal lines, before they are only counted */

struct hypercall_host {
    /* Set by the chapter. */
    struct vm *vm;
    struct console *console; /* where HC_WRITE goes */
    const char *config;      /* what HC_GET_CONFIG hands out */
    FILE *refusals;          /* one line per refused call, or NULL */
    io_handler other;        /* exits that are not hypercalls (chapter 08) */
    void *other_context;
    FILE *events;            /* "host: the guest caught ..." lines, or NULL */

    /* What the guest did. */
    unsigned long calls;
    unsigned long refused;
    bool exited;
    uint64_t exit_status;
    bool assert_failed;
    char assert_file[HC_MAX_STRING];
    char assert_expression[HC_MAX_STRING];
    uint64_t assert_line;

    /* HC_EXCEPTION reports (chapter 09), the first EXCEPTIONS_KEPT. */
    uint64_t cr2; /* the guest's CR2 at the latest hypercall */
    int exceptions;
    struct caught_exception {
        uint64_t vector, error_code, rip, cr2;
    } caught[EXCEPTIONS_KEPT];
};

/* Copy the NUL-terminated string at guest-physical `address` into out
 * (size bytes at most, NUL included). Returns its length, or -HC_EFAULT
 * (it runs outside guest memory) or -HC_EINVAL (no NUL within size). */
int64_t hypercall_read_string(const struct vm *vm, uint64_t address,
                              char *out, size_t size);

/* Do call `number` with its three arguments. Returns what goes back to
 * the guest in RAX. */
int64_t hypercall_dispatch(struct hypercall_host *host, uint64_t number,
                           uint64_t arg0, uint64_t arg1, uint64_t arg2);

/* An io_handler for run_with_handler(): a write of EAX to HYPERCALL_PORT
 * is a hypercall. The registers come from kvm_run's sync_regs, and the
 * result goes back the same way. IO_STOP after HC_EXIT or
 * HC_ASSERT_FAILED. Other exits go to host->other, if set. `context` is a
 * struct hypercall_host. */
enum io_result hypercall_handle(struct vcpu *vcpu, void *context);

/* Run the guest with hypercalls served, its console on stdout and refused
 * calls reported on stderr, then say how it ended: its exit status (0 is
 * success: EXIT_OK; anything else EXIT_ERROR), a failed assertion printed
 * like a compiler error (file:line: ...), or what diagnose_run() says.
 * This prints for the chapter, as diagnose.c does. Returns the exit code. */
int hypercall_run(struct vcpu *vcpu, struct hypercall_host *host,
                  double timeout);

#endif
