/*
 * gdb_packet.h - the GDB remote serial protocol's packets, byte by byte.
 *
 * gdb and a stub talk in packets: `$body#cc`, where cc is the sum of the
 * body's bytes modulo 256 in two hex digits. The receiver answers `+`
 * (received) or `-` (send it again). In a body, `}` escapes the next byte
 * (that byte XOR 0x20), so that `$`, `#`, `}` and `*` can be sent as data.
 * A lone 0x03 byte outside a packet is gdb's Ctrl-C.
 *
 * This file knows nothing of KVM or sockets: bytes in, packets out, and
 * the reverse. Pure, unit-tested (tests/unit/gdb_packet.c).
 *
 * Introduced in chapter 15.
 */
#ifndef KVM101_GDB_PACKET_H
#define KVM101_GDB_PACKET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The largest packet body we take, and say we take (qSupported's
 * PacketSize): a whole `G` packet of x86-64 registers fits, twice. */
#define GDB_PACKET_MAX 4096

// ANCHOR: reader
/* What a byte completed. */
enum gdb_event {
    GDB_NOTHING,      /* in the middle of something, or a stray byte */
    GDB_PACKET,       /* a whole packet with a good checksum: reader->body */
    GDB_BAD_CHECKSUM, /* a whole packet whose checksum is wrong: send - */
    GDB_OVERLONG,     /* a packet longer than GDB_PACKET_MAX: dropped */
    GDB_ACK,          /* +: the other side received our last packet */
    GDB_NACK,         /* -: send the last packet again */
    GDB_INTERRUPT,    /* 0x03 outside a packet: Ctrl-C */
};

/* Where the reader is: waiting for `$`, in the body (after `}`: escaped),
 * or at the first or second checksum digit. */
enum gdb_reader_state {
    GDB_WAIT,
    GDB_BODY,
    GDB_ESCAPED,
    GDB_CHECKSUM1,
    GDB_CHECKSUM2,
};

struct gdb_reader {
    enum gdb_reader_state state;
    uint8_t sum;        /* of the body's bytes as sent (escapes included) */
    uint8_t expected;   /* the checksum the packet carries */
    bool overlong;      /* more bytes came than body[] holds */
    bool bad_digit;     /* the first checksum digit was not hex */
    size_t length;      /* of body, unescaped */
    char body[GDB_PACKET_MAX + 1]; /* NUL-terminated for convenience */
};

void gdb_reader_init(struct gdb_reader *reader);

/* Feed one byte; says what it completed. */
enum gdb_event gdb_reader_feed(struct gdb_reader *reader, uint8_t byte);
// ANCHOR_END: reader

/* Frame `body` (length bytes) as `$...#cc` into out, escaping `$ # } *`.
 * Returns the frame's length, or -1 with errno ENOSPC when out (size
 * bytes) is too small. */
int gdb_frame(const char *body, size_t length, char *out, size_t size);

/* The checksum of `length` bytes: their sum modulo 256. */
uint8_t gdb_checksum(const char *data, size_t length);

/* Hex, as the protocol writes memory and registers: two lowercase digits
 * per byte, in memory order. gdb_hex_encode writes 2 * length digits and
 * a NUL into out. gdb_hex_decode reads exactly 2 * length digits; returns
 * 0, or -1 with errno EINVAL if one is not a hex digit. */
void gdb_hex_encode(const uint8_t *bytes, size_t length, char *out);
int gdb_hex_decode(const char *hex, uint8_t *bytes, size_t length);

/* A number in hex (as in `m1000,4`: address 0x1000), from *text up to the
 * first non-hex character, which *text is left at. Returns 0, or -1 with
 * errno EINVAL when there is no digit or more than 16 of them. */
int gdb_parse_hex(const char **text, uint64_t *value);

#endif
