/*
 * error.c - one line saying why, formatted without a C library: the
 * interpreter runs where there is no printf.
 *
 * Introduced in chapter 13.
 */
#include "internal.h"

struct line {
    char *at, *end;
};

static void put_char(struct line *line, char c)
{
    if (line->at < line->end)
        *line->at++ = c;
}

static void put_string(struct line *line, const char *s)
{
    while (*s)
        put_char(line, *s++);
}

static void put_number(struct line *line, uint64_t value, unsigned base)
{
    char digits[24];
    int n = 0;

    do {
        digits[n++] = "0123456789abcdef"[value % base];
        value /= base;
    } while (value);
    while (n > 0)
        put_char(line, digits[--n]);
}

int error_line(struct wasm_error *err, const char *format, ...)
{
    struct line line = {err->message, err->message + sizeof(err->message) - 1};
    va_list args;

    va_start(args, format);
    for (const char *f = format; *f; f++) {
        if (*f != '%' || !f[1]) {
            put_char(&line, *f);
            continue;
        }
        switch (*++f) {
        case 's':
            put_string(&line, va_arg(args, const char *));
            break;
        case 'u':
            put_number(&line, va_arg(args, uint32_t), 10);
            break;
        case 'U':
            put_number(&line, va_arg(args, uint64_t), 10);
            break;
        case 'x':
            put_number(&line, va_arg(args, uint32_t), 16);
            break;
        default:
            put_char(&line, *f);
            break;
        }
    }
    va_end(args);
    *line.at = '\0';
    return -1;
}
