/*
 * gdb_commands.c - a GDB stub's command table over target operations.
 * Introduced in chapter 15.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "gdb_commands.h"

/* Largest memory transfer: its hex must fit a reply. */
#define MAX_MEMORY (GDB_PACKET_MAX / 2 - 8)

static enum gdb_action say(struct gdb_reply *reply, const char *text)
{
    reply->length = strlen(text);
    memcpy(reply->text, text, reply->length + 1);
    return GDB_SEND_REPLY;
}

/* "E01": a malformed packet; "E14": an address or register we cannot
 * reach (EFAULT, as gdbserver answers). */
static enum gdb_action malformed(struct gdb_reply *reply)
{
    return say(reply, "E01");
}

static enum gdb_action failed(struct gdb_reply *reply)
{
    return say(reply, "E14");
}

static size_t registers_size(const struct gdb_target *target)
{
    size_t total = 0;

    for (int i = 0; i < target->register_count; i++)
        total += target->register_sizes[i];
    return total;
}

static enum gdb_action supported(const struct gdb_target *target,
                                 const char *args, struct gdb_reply *reply)
{
    (void)target, (void)args;
    snprintf(reply->text, sizeof(reply->text),
             "PacketSize=%x;qXfer:features:read+", GDB_PACKET_MAX);
    reply->length = strlen(reply->text);
    return GDB_SEND_REPLY;
}

/* qXfer:features:read:target.xml:OFFSET,LENGTH - a piece of the target
 * description: "m..." (more follows) or "l..." (the last piece). */
static enum gdb_action read_features(const struct gdb_target *target,
                                     const char *args,
                                     struct gdb_reply *reply)
{
    const char *annex = "target.xml:";
    size_t size = strlen(target->description);
    uint64_t offset, length;

    if (strncmp(args, annex, strlen(annex)) != 0)
        return say(reply, "E00"); /* no such document */
    args += strlen(annex);
    if (gdb_parse_hex(&args, &offset) < 0 || *args++ != ',' ||
        gdb_parse_hex(&args, &length) < 0 || *args)
        return malformed(reply);
    if (offset > size)
        offset = size;
    if (length > size - offset)
        length = size - offset;
    if (length > GDB_PACKET_MAX - 1)
        length = GDB_PACKET_MAX - 1;
    reply->text[0] = offset + length < size ? 'm' : 'l';
    memcpy(reply->text + 1, target->description + offset, length);
    reply->length = 1 + length;
    reply->text[reply->length] = '\0';
    return GDB_SEND_REPLY;
}

static enum gdb_action read_registers(const struct gdb_target *target,
                                      const char *args,
                                      struct gdb_reply *reply)
{
    uint8_t bytes[GDB_MAX_REGISTER_BYTES];

    (void)args;
    if (target->read_registers(target->context, bytes) < 0)
        return failed(reply);
    gdb_hex_encode(bytes, registers_size(target), reply->text);
    reply->length = 2 * registers_size(target);
    return GDB_SEND_REPLY;
}

static enum gdb_action write_registers(const struct gdb_target *target,
                                       const char *args,
                                       struct gdb_reply *reply)
{
    uint8_t bytes[GDB_MAX_REGISTER_BYTES];
    size_t size = registers_size(target);

    if (strlen(args) != 2 * size || gdb_hex_decode(args, bytes, size) < 0)
        return malformed(reply);
    if (target->write_registers(target->context, bytes) < 0)
        return failed(reply);
    return say(reply, "OK");
}

/* Where register `number` lies in the `g` bytes: *offset, its size. */
static int register_at(const struct gdb_target *target, uint64_t number,
                       size_t *offset, size_t *size)
{
    if (number >= (uint64_t)target->register_count)
        return -1;
    *offset = 0;
    for (uint64_t i = 0; i < number; i++)
        *offset += target->register_sizes[i];
    *size = target->register_sizes[number];
    return 0;
}

/* p N: one register; P N=VALUE: write one, through the whole set. */
static enum gdb_action one_register(const struct gdb_target *target,
                                    const char *args, struct gdb_reply *reply,
                                    bool write)
{
    uint8_t bytes[GDB_MAX_REGISTER_BYTES];
    uint64_t number;
    size_t offset, size;

    if (gdb_parse_hex(&args, &number) < 0 || (write && *args++ != '=') ||
        (!write && *args))
        return malformed(reply);
    if (register_at(target, number, &offset, &size) < 0)
        return failed(reply);
    if (write && strlen(args) != 2 * size)
        return malformed(reply);
    if (target->read_registers(target->context, bytes) < 0)
        return failed(reply);
    if (!write) {
        gdb_hex_encode(bytes + offset, size, reply->text);
        reply->length = 2 * size;
        return GDB_SEND_REPLY;
    }
    if (gdb_hex_decode(args, bytes + offset, size) < 0)
        return malformed(reply);
    if (target->write_registers(target->context, bytes) < 0)
        return failed(reply);
    return say(reply, "OK");
}

static enum gdb_action read_register(const struct gdb_target *target,
                                     const char *args,
                                     struct gdb_reply *reply)
{
    return one_register(target, args, reply, false);
}

static enum gdb_action write_register(const struct gdb_target *target,
                                      const char *args,
                                      struct gdb_reply *reply)
{
    return one_register(target, args, reply, true);
}

/* "ADDRESS,LENGTH" */
static int parse_range(const char **args, uint64_t *address,
                       uint64_t *length)
{
    return gdb_parse_hex(args, address) < 0 || *(*args)++ != ',' ||
                   gdb_parse_hex(args, length) < 0
               ? -1
               : 0;
}

/* m ADDRESS,LENGTH: the bytes as hex; fewer if the rest is not mapped,
 * an error if none is. */
static enum gdb_action read_memory(const struct gdb_target *target,
                                   const char *args, struct gdb_reply *reply)
{
    uint8_t bytes[MAX_MEMORY];
    uint64_t address, length;
    size_t done = 0;

    if (parse_range(&args, &address, &length) < 0 || *args)
        return malformed(reply);
    if (length > MAX_MEMORY)
        length = MAX_MEMORY; /* gdb asks again for the rest */
    if (target->read_memory(target->context, address, bytes, length,
                            &done) < 0 &&
        done == 0)
        return failed(reply);
    gdb_hex_encode(bytes, done, reply->text);
    reply->length = 2 * done;
    return GDB_SEND_REPLY;
}

/* M ADDRESS,LENGTH:HEX */
static enum gdb_action write_memory(const struct gdb_target *target,
                                    const char *args,
                                    struct gdb_reply *reply)
{
    uint8_t bytes[MAX_MEMORY];
    uint64_t address, length;

    if (parse_range(&args, &address, &length) < 0 || *args++ != ':' ||
        length > MAX_MEMORY || strlen(args) != 2 * length ||
        gdb_hex_decode(args, bytes, length) < 0)
        return malformed(reply);
    if (target->write_memory(target->context, address, bytes, length) < 0)
        return failed(reply);
    return say(reply, "OK");
}

/* Z TYPE,ADDRESS,KIND and z TYPE,ADDRESS,KIND: types 0 and 1 (software
 * and hardware breakpoints); others are not supported (empty reply), and
 * gdb then watches memory itself, by single-stepping. */
static enum gdb_action breakpoint(const struct gdb_target *target,
                                  const char *args, struct gdb_reply *reply,
                                  bool insert)
{
    uint64_t type, address, kind;
    int result;

    if (gdb_parse_hex(&args, &type) < 0 || *args++ != ',' ||
        parse_range(&args, &address, &kind) < 0)
        return malformed(reply);
    if (type > 1)
        return say(reply, "");
    result = insert ? target->insert_breakpoint(target->context, type,
                                                address)
                    : target->remove_breakpoint(target->context, type,
                                                address);
    return result < 0 ? failed(reply) : say(reply, "OK");
}

static enum gdb_action insert_breakpoint(const struct gdb_target *target,
                                         const char *args,
                                         struct gdb_reply *reply)
{
    return breakpoint(target, args, reply, true);
}

static enum gdb_action remove_breakpoint(const struct gdb_target *target,
                                         const char *args,
                                         struct gdb_reply *reply)
{
    return breakpoint(target, args, reply, false);
}

static enum gdb_action why_stopped(const struct gdb_target *target,
                                   const char *args, struct gdb_reply *reply)
{
    (void)target, (void)args;
    return say(reply, "S05"); /* SIGTRAP: stopped for the debugger */
}

/* c, s (an address after them, rarely sent, is ignored) and vCont. */
static enum gdb_action resume(const struct gdb_target *target,
                              const char *args, struct gdb_reply *reply)
{
    (void)target, (void)args, (void)reply;
    return GDB_CONTINUE;
}

static enum gdb_action step(const struct gdb_target *target,
                            const char *args, struct gdb_reply *reply)
{
    (void)target, (void)args, (void)reply;
    return GDB_STEP;
}

/* vCont;ACTION[:THREAD]...: one vCPU, so the first action decides. */
static enum gdb_action vcont(const struct gdb_target *target,
                             const char *args, struct gdb_reply *reply)
{
    (void)target;
    if (args[0] != ';')
        return malformed(reply);
    switch (args[1]) {
    case 'c':
    case 'C':
        return GDB_CONTINUE;
    case 's':
    case 'S':
        return GDB_STEP;
    default:
        return malformed(reply);
    }
}

static enum gdb_action vcont_actions(const struct gdb_target *target,
                                     const char *args,
                                     struct gdb_reply *reply)
{
    (void)target, (void)args;
    return say(reply, "vCont;c;C;s;S");
}

static enum gdb_action detach(const struct gdb_target *target,
                              const char *args, struct gdb_reply *reply)
{
    (void)target, (void)args;
    say(reply, "OK");
    return GDB_DETACH;
}

static enum gdb_action kill_guest(const struct gdb_target *target,
                                  const char *args, struct gdb_reply *reply)
{
    (void)target, (void)args, (void)reply;
    return GDB_KILL;
}

// ANCHOR: table
/* The commands, by their first letters; the first match wins, so longer
 * names come before their prefixes. */
static const struct {
    const char *name;
    enum gdb_action (*handler)(const struct gdb_target *target,
                               const char *args, struct gdb_reply *reply);
} commands[] = {
    {"qSupported", supported},
    {"qXfer:features:read:", read_features},
    {"?", why_stopped},
    {"g", read_registers},
    {"G", write_registers},
    {"p", read_register},
    {"P", write_register},
    {"m", read_memory},
    {"M", write_memory},
    {"Z", insert_breakpoint},
    {"z", remove_breakpoint},
    {"vCont?", vcont_actions},
    {"vCont", vcont},
    {"c", resume},
    {"C", resume},
    {"s", step},
    {"S", step},
    {"D", detach},
    {"k", kill_guest},
};

enum gdb_action gdb_command(const struct gdb_target *target,
                            const char *body, size_t length,
                            struct gdb_reply *reply)
{
    if (strlen(body) != length) /* a NUL inside: no command has one */
        return say(reply, "");
    for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
        size_t name = strlen(commands[i].name);

        if (strncmp(body, commands[i].name, name) == 0)
            return commands[i].handler(target, body + name, reply);
    }
    return say(reply, ""); /* unknown: the protocol's "not supported" */
}
// ANCHOR_END: table

void gdb_stop_reply(const struct gdb_stop *stop, struct gdb_reply *reply)
{
    switch (stop->kind) {
    case GDB_STOP_TRAP:
        say(reply, "S05");
        break;
    case GDB_STOP_EXITED:
        snprintf(reply->text, sizeof(reply->text), "W%02x",
                 stop->status & 0xff);
        reply->length = strlen(reply->text);
        break;
    case GDB_STOP_FAILED:
        say(reply, "X06");
        break;
    }
}
