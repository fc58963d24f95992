/*
 * sw_breakpoint.h - software breakpoints: the byte 0xcc (int3) written
 * over the first byte of an instruction in guest memory, and a table that
 * remembers the bytes it replaced.
 *
 * With KVM_GUESTDBG_USE_SW_BP, the #BP an int3 raises ends KVM_RUN with
 * KVM_EXIT_DEBUG (exception 3) instead of entering the guest's own handler.
 * A debugger must then hide its int3s from whoever reads guest memory
 * through it, keep them when it writes there, and put the right byte back
 * to let the instruction run. The table does that on host pointers into
 * guest memory and touches nothing else: pure, unit-tested on an array.
 *
 * Introduced in chapter 15.
 */
#ifndef KVM101_SW_BREAKPOINT_H
#define KVM101_SW_BREAKPOINT_H

#include <stddef.h>
#include <stdint.h>

#define INT3 0xcc /* the one-byte breakpoint instruction */
#define SW_BREAKPOINTS_MAX 16

struct sw_breakpoint {
    uint64_t address; /* guest virtual: where gdb asked */
    uint8_t *code;    /* our pointer to that byte of guest memory */
    uint8_t saved;    /* the byte the int3 replaced */
};

struct sw_breakpoints {
    int count;
    struct sw_breakpoint at[SW_BREAKPOINTS_MAX];
};

/* Write an int3 at `code` (guest virtual `address`), keeping the byte it
 * replaces. Already there: 0. -1 with errno ENOSPC when the table is
 * full. */
int sw_breakpoint_insert(struct sw_breakpoints *table, uint64_t address,
                         uint8_t *code);

/* Put the saved byte back and forget the breakpoint; -1 with errno ENOENT
 * if there is none at `address`. */
int sw_breakpoint_remove(struct sw_breakpoints *table, uint64_t address);

/* The breakpoint at `address`, or NULL. */
struct sw_breakpoint *sw_breakpoint_find(struct sw_breakpoints *table,
                                         uint64_t address);

/* `length` bytes were read from guest memory at `address` into `bytes`:
 * show the saved bytes instead of our int3s. */
void sw_breakpoint_hide(const struct sw_breakpoints *table, uint64_t address,
                        uint8_t *bytes, size_t length);

/* `length` bytes were just written to guest memory at `address` (`code`
 * points at the first): a breakpoint among them keeps the new byte as its
 * saved byte and its int3 in memory. */
void sw_breakpoint_written(struct sw_breakpoints *table, uint64_t address,
                           uint8_t *code, size_t length);

#endif
