/*
 * escape.c - guest text, made safe for a terminal. Introduced in chapter 03.
 */
#include <stdbool.h>
#include <stdint.h>

#include "escape.h"

#define DEL 0x7f

static bool is_continuation(unsigned char byte)
{
    return (byte & 0xc0) == 0x80;
}

size_t escape_utf8_length(const unsigned char *data, size_t size)
{
    size_t length;
    uint32_t code_point;

    if (data[0] >= 0xc2 && data[0] <= 0xdf) /* 0xc0, 0xc1: overlong */
        length = 2, code_point = data[0] & 0x1f;
    else if (data[0] >= 0xe0 && data[0] <= 0xef)
        length = 3, code_point = data[0] & 0x0f;
    else if (data[0] >= 0xf0 && data[0] <= 0xf4)
        length = 4, code_point = data[0] & 0x07;
    else
        return 0; /* ASCII, a stray continuation byte, or never valid */
    if (length > size)
        return 0;
    for (size_t i = 1; i < length; i++) {
        if (!is_continuation(data[i]))
            return 0;
        code_point = code_point << 6 | (data[i] & 0x3f);
    }
    /* The shortest form only; no UTF-16 surrogates; Unicode's range. */
    if ((length == 3 && code_point < 0x800) ||
        (length == 4 && code_point < 0x10000) ||
        (code_point >= 0xd800 && code_point <= 0xdfff) ||
        code_point > 0x10ffff)
        return 0;
    return length;
}

// ANCHOR: escape_write
void escape_write(FILE *out, const char *data, size_t size)
{
    const unsigned char *bytes = (const unsigned char *)data;

    for (size_t i = 0; i < size; i++) {
        size_t length;

        if ((bytes[i] >= 0x20 && bytes[i] < DEL) || bytes[i] == '\t') {
            fputc(bytes[i], out);
        } else if (bytes[i] > DEL &&
                   (length = escape_utf8_length(bytes + i, size - i)) > 0) {
            fwrite(bytes + i, 1, length, out); /* one whole character */
            i += length - 1;
        } else {
            fprintf(out, "\\x%02x", bytes[i]);
        }
    }
}
// ANCHOR_END: escape_write
