/*
 * leb128.c - reading the binary format's pieces: bytes, LEB128 integers
 * (unsigned and signed, at most ceil(N / 7) bytes for an N-bit integer,
 * unused bits of the last byte must match the sign) and UTF-8 names.
 * Every read checks that the bytes are there.
 *
 * Introduced in chapter 13.
 */
#include "internal.h"

int read_byte(struct reader *r, uint8_t *value)
{
    if (r->at >= r->end)
        return error_line(r->err, "unexpected end of section or function");
    *value = *r->at++;
    return 0;
}

// ANCHOR: leb128
/* An unsigned or signed LEB128 of at most `bits` bits. */
static int read_leb(struct reader *r, unsigned bits, bool is_signed,
                    uint64_t *value)
{
    unsigned max_bytes = (bits + 6) / 7, shift = 0;
    uint64_t result = 0;
    uint8_t byte = 0;

    for (unsigned i = 0;; i++) {
        if (read_byte(r, &byte) < 0)
            return -1;
        if (i == max_bytes - 1) {
            /* The last byte: no continuation, and the bits above
             * `bits` must be zero (unsigned) or copies of the sign. */
            unsigned used = bits - shift;
            uint8_t rest = (uint8_t)(byte & 0x7f) >> used;
            uint8_t sign = is_signed && (byte >> (used - 1)) & 1
                               ? (uint8_t)(0x7f >> used)
                               : 0;

            if (byte & 0x80)
                return error_line(r->err, "integer representation too long");
            if (rest != sign)
                return error_line(r->err, "integer too large");
        }
        result |= (uint64_t)(byte & 0x7f) << shift;
        shift += 7;
        if (!(byte & 0x80))
            break;
    }
    if (is_signed && shift < 64 && (byte & 0x40))
        result |= ~(uint64_t)0 << shift; /* sign-extend */
    *value = result;
    return 0;
}
// ANCHOR_END: leb128

int read_u32(struct reader *r, uint32_t *value)
{
    uint64_t v;

    if (read_leb(r, 32, false, &v) < 0)
        return -1;
    *value = (uint32_t)v;
    return 0;
}

int read_s32(struct reader *r, int32_t *value)
{
    uint64_t v;

    if (read_leb(r, 32, true, &v) < 0)
        return -1;
    *value = (int32_t)(uint32_t)v;
    return 0;
}

int read_s64(struct reader *r, int64_t *value)
{
    uint64_t v;

    if (read_leb(r, 64, true, &v) < 0)
        return -1;
    *value = (int64_t)v;
    return 0;
}

int read_bytes(struct reader *r, uint64_t count, const uint8_t **bytes)
{
    if (count > (uint64_t)(r->end - r->at))
        return error_line(r->err, "unexpected end: %U bytes wanted, %U left",
                          count, (uint64_t)(r->end - r->at));
    *bytes = r->at;
    r->at += count;
    return 0;
}

/* Well-formed UTF-8: no overlong forms, no surrogates, at most U+10FFFF. */
bool utf8_valid(const uint8_t *s, uint32_t length)
{
    uint32_t i = 0;

    while (i < length) {
        uint8_t c = s[i];
        uint32_t need, code, min;

        if (c < 0x80) {
            i++;
            continue;
        }
        if ((c & 0xe0) == 0xc0)
            need = 1, code = c & 0x1f, min = 0x80;
        else if ((c & 0xf0) == 0xe0)
            need = 2, code = c & 0x0f, min = 0x800;
        else if ((c & 0xf8) == 0xf0)
            need = 3, code = c & 0x07, min = 0x10000;
        else
            return false;
        if (need > length - i - 1)
            return false;
        for (uint32_t k = 1; k <= need; k++) {
            if ((s[i + k] & 0xc0) != 0x80)
                return false;
            code = code << 6 | (s[i + k] & 0x3f);
        }
        if (code < min || code > 0x10ffff || (code >= 0xd800 && code < 0xe000))
            return false;
        i += need + 1;
    }
    return true;
}

int read_name(struct reader *r, const uint8_t **name, uint32_t *length)
{
    if (read_u32(r, length) < 0 || read_bytes(r, *length, name) < 0)
        return -1;
    if (!utf8_valid(*name, *length))
        return error_line(r->err, "malformed UTF-8 encoding");
    return 0;
}
