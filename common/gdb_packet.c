/*
 * gdb_packet.c - GDB remote protocol packets, byte by byte.
 * Introduced in chapter 15.
 */
#include <errno.h>
#include <string.h>

#include "gdb_packet.h"

void gdb_reader_init(struct gdb_reader *reader)
{
    memset(reader, 0, sizeof(*reader));
    reader->state = GDB_WAIT;
}

static int hex_value(uint8_t c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* One more byte of the body, unless it would not fit. */
static void keep(struct gdb_reader *reader, char c)
{
    if (reader->length == GDB_PACKET_MAX) {
        reader->overlong = true;
        return;
    }
    reader->body[reader->length++] = c;
}

// ANCHOR: feed
enum gdb_event gdb_reader_feed(struct gdb_reader *reader, uint8_t byte)
{
    int digit;

    switch (reader->state) {
    case GDB_WAIT: /* between packets */
        if (byte == '$') {
            reader->state = GDB_BODY;
            reader->sum = 0;
            reader->length = 0;
            reader->overlong = false;
            return GDB_NOTHING;
        }
        return byte == '+'    ? GDB_ACK
               : byte == '-'  ? GDB_NACK
               : byte == 0x03 ? GDB_INTERRUPT
                              : GDB_NOTHING; /* noise: ignored */
    case GDB_BODY:
        if (byte == '#') {
            reader->state = GDB_CHECKSUM1;
            return GDB_NOTHING;
        }
        if (byte == '$') { /* a new packet began: the old one was cut */
            reader->sum = 0;
            reader->length = 0;
            reader->overlong = false;
            return GDB_NOTHING;
        }
        reader->sum += byte;
        if (byte == '}')
            reader->state = GDB_ESCAPED;
        else
            keep(reader, byte);
        return GDB_NOTHING;
    case GDB_ESCAPED:
        reader->sum += byte;
        keep(reader, byte ^ 0x20);
        reader->state = GDB_BODY;
        return GDB_NOTHING;
    case GDB_CHECKSUM1:
        digit = hex_value(byte);
        reader->state = GDB_CHECKSUM2;
        reader->bad_digit = digit < 0; /* the packet still ends: bad */
        reader->expected = digit < 0 ? 0 : digit << 4;
        return GDB_NOTHING;
    case GDB_CHECKSUM2:
        digit = hex_value(byte);
        reader->state = GDB_WAIT;
        reader->body[reader->length] = '\0';
        if (digit < 0 || reader->bad_digit ||
            (uint8_t)(reader->expected | digit) != reader->sum)
            return GDB_BAD_CHECKSUM;
        return reader->overlong ? GDB_OVERLONG : GDB_PACKET;
    }
    return GDB_NOTHING;
}
// ANCHOR_END: feed

uint8_t gdb_checksum(const char *data, size_t length)
{
    uint8_t sum = 0;

    for (size_t i = 0; i < length; i++)
        sum += (uint8_t)data[i];
    return sum;
}

int gdb_frame(const char *body, size_t length, char *out, size_t size)
{
    static const char digits[] = "0123456789abcdef";
    size_t at = 0;
    uint8_t sum = 0;

    if (size < 4)
        goto no_room;
    out[at++] = '$';
    for (size_t i = 0; i < length; i++) {
        char c = body[i];
        int escape = c == '$' || c == '#' || c == '}' || c == '*';

        if (at + escape + 1 + 3 > size)
            goto no_room;
        if (escape) {
            out[at++] = '}';
            sum += '}';
            c ^= 0x20;
        }
        out[at++] = c;
        sum += (uint8_t)c;
    }
    out[at++] = '#';
    out[at++] = digits[sum >> 4];
    out[at++] = digits[sum & 0xf];
    return (int)at;
no_room:
    errno = ENOSPC;
    return -1;
}

void gdb_hex_encode(const uint8_t *bytes, size_t length, char *out)
{
    static const char digits[] = "0123456789abcdef";

    for (size_t i = 0; i < length; i++) {
        out[2 * i] = digits[bytes[i] >> 4];
        out[2 * i + 1] = digits[bytes[i] & 0xf];
    }
    out[2 * length] = '\0';
}

int gdb_hex_decode(const char *hex, uint8_t *bytes, size_t length)
{
    for (size_t i = 0; i < length; i++) {
        int high = hex_value(hex[2 * i]), low;

        if (high < 0 || (low = hex_value(hex[2 * i + 1])) < 0) {
            errno = EINVAL;
            return -1;
        }
        bytes[i] = high << 4 | low;
    }
    return 0;
}

int gdb_parse_hex(const char **text, uint64_t *value)
{
    const char *at = *text;
    int digits = 0, digit;

    *value = 0;
    while ((digit = hex_value(*at)) >= 0) {
        if (++digits > 16) {
            errno = EINVAL;
            return -1;
        }
        *value = *value << 4 | digit;
        at++;
    }
    if (digits == 0) {
        errno = EINVAL;
        return -1;
    }
    *text = at;
    return 0;
}
