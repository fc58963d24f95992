/*
 * gdb_commands.h - what a GDB stub answers: a table of commands, each a
 * packet's first letters and a handler, over a small set of target
 * operations (read and write registers and memory, breakpoints). The
 * target is a table of functions, so the commands know nothing of KVM: a
 * test gives them a mock target (tests/unit/gdb_commands.c), chapter 15
 * the KVM one (gdb_kvm.h).
 *
 * Introduced in chapter 15.
 */
#ifndef KVM101_GDB_COMMANDS_H
#define KVM101_GDB_COMMANDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "gdb_packet.h"

/* The registers, as the `g` packet carries them. */
#define GDB_MAX_REGISTERS 64
#define GDB_MAX_REGISTER_BYTES 1024

// ANCHOR: target
/* How the target ended a resume (gdb_target.resume). */
enum gdb_stop_kind {
    GDB_STOP_TRAP,   /* a breakpoint or a finished step: stopped, alive */
    GDB_STOP_EXITED, /* the guest ended with `status` */
    GDB_STOP_FAILED, /* the guest died or could not run: no more runs */
};

struct gdb_stop {
    enum gdb_stop_kind kind;
    int status; /* GDB_STOP_EXITED: the exit status (0-255) */
};

/* What a stub needs of the thing it debugs. Every operation returns 0, or
 * -1 with errno set: the stub answers gdb with an error, and carries on. */
struct gdb_target {
    void *context; /* passed to every operation */
    const char *description; /* target.xml: the registers, for gdb */
    int register_count;
    const uint8_t *register_sizes; /* bytes, in `g` order */
    int (*read_registers)(void *context, uint8_t *bytes);
    int (*write_registers)(void *context, const uint8_t *bytes);
    /* Guest virtual addresses; *done says how many bytes were copied
     * (short: the rest is not mapped). */
    int (*read_memory)(void *context, uint64_t address, uint8_t *bytes,
                       size_t length, size_t *done);
    int (*write_memory)(void *context, uint64_t address,
                        const uint8_t *bytes, size_t length);
    /* `type`: 0 software, 1 hardware breakpoint (Z0, Z1). */
    int (*insert_breakpoint)(void *context, int type, uint64_t address);
    int (*remove_breakpoint)(void *context, int type, uint64_t address);
    /* Run until something stops the guest (step: one instruction). */
    int (*resume)(void *context, bool step, struct gdb_stop *stop);
};
// ANCHOR_END: target

/* What the stub must do after a command. */
enum gdb_action {
    GDB_SEND_REPLY, /* send reply (possibly empty: "not supported") */
    GDB_CONTINUE,   /* resume; then send the stop reply */
    GDB_STEP,       /* step one instruction; then send the stop reply */
    GDB_DETACH,     /* send reply (OK), then let the guest run on alone */
    GDB_KILL,       /* end the guest: no reply */
};

struct gdb_reply {
    size_t length;
    char text[GDB_PACKET_MAX + 1];
};

/* Answer one packet body (NUL-terminated, `length` bytes). */
enum gdb_action gdb_command(const struct gdb_target *target,
                            const char *body, size_t length,
                            struct gdb_reply *reply);

/* The stop reply for a resume that ended in *stop: S05 (SIGTRAP), W<status>
 * (exited) or X06 (killed by SIGABRT: the guest died). */
void gdb_stop_reply(const struct gdb_stop *stop, struct gdb_reply *reply);

#endif
