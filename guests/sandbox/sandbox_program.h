/*
 * sandbox_program.h - what a sandbox program (chapter 13) writes, and what it
 * may call. The ABI itself is common/sandbox_abi.h.
 *
 * A program defines two functions:
 *
 *   long sandbox_init(uint64_t shared_size, void *heap, uint64_t heap_size,
 *                     uint64_t input_length)
 *       runs once, before the host's snapshot, with the start-up input
 *       (if the host gave any) at the start of the shared buffer; its
 *       result is the sandbox's start-up status (0: ready). It may end
 *       with sandbox_return() instead, to say why it failed.
 *   long sandbox_dispatch(uint64_t function, uint64_t argument,
 *                         const uint8_t *input, uint64_t length)
 *       runs for every call; input is the call's bytes, at the start of
 *       the shared buffer. What it returns is the call's value (or it
 *       calls sandbox_return() to hand back data as well).
 *
 * The program runs at CPL 3 with no kernel: no interrupts, no system
 * calls; a fault ends the call (the host reports "crashed"). Its only
 * way out is a host call, and every buffer it passes to one must lie in
 * the shared buffer.
 *
 * Introduced in chapter 13.
 */
#ifndef KVM101_SANDBOX_PROGRAM_H
#define KVM101_SANDBOX_PROGRAM_H

#include <stddef.h>
#include <stdint.h>

#include "kvm101.h" /* hypercall(), memcpy, vsnprintf */
#include "sandbox_abi.h"

#define SHARED_BUFFER ((uint8_t *)SANDBOX_SHARED)

long sandbox_init(uint64_t shared_size, void *heap, uint64_t heap_size,
                  uint64_t input_length);
long sandbox_dispatch(uint64_t function, uint64_t argument,
                      const uint8_t *input, uint64_t length);

/* End the call: value, and `length` bytes at `data` (in the shared
 * buffer) as its result. Never returns: the next call starts afresh. */
_Noreturn void sandbox_return(long value, const void *data, uint64_t length);

/* Print through the host: the text is copied to the end of the shared
 * buffer first, because the host reads nothing else. Returns the length
 * printed, or SANDBOX_REFUSED. */
long sandbox_print(const char *format, ...)
    __attribute__((format(printf, 1, 2)));

/* The shared buffer's size, as the host said at start-up. */
extern uint64_t sandbox_shared_size;

#endif
