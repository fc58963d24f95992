/*
 * printf.c - formatted output for C guests: vsnprintf() into a buffer,
 * and printf() that sends the result to the host with one HC_WRITE.
 * Introduced in chapter 07.
 */
#include "kvm101.h"

/* Where vsnprintf is writing, and how much it would have written. */
struct output {
    char *buffer;
    size_t size;
    size_t length;
};

static void put(struct output *out, char c)
{
    if (out->length + 1 < out->size)
        out->buffer[out->length] = c;
    out->length++;
}

/* One conversion's text, padded to width on the left (or right). */
static void put_padded(struct output *out, const char *text, size_t length,
                       int width, int left, char pad)
{
    int padding = width > (int)length ? width - (int)length : 0;

    while (!left && padding-- > 0)
        put(out, pad);
    for (size_t i = 0; i < length; i++)
        put(out, text[i]);
    while (left && padding-- > 0)
        put(out, ' ');
}

// ANCHOR: format_number
/* The digits of value in base 10 or 16, with a minus sign if negative. */
static size_t format_number(char *digits, unsigned long long value, int base,
                            int negative)
{
    char reversed[24];
    size_t n = 0, length = 0;

    do {
        reversed[n++] = "0123456789abcdef"[value % base];
        value /= base;
    } while (value);
    if (negative)
        digits[length++] = '-';
    while (n)
        digits[length++] = reversed[--n];
    return length;
}
// ANCHOR_END: format_number

// ANCHOR: vsnprintf
int vsnprintf(char *buffer, size_t size, const char *format, va_list args)
{
    struct output out = {buffer, size, 0};

    for (const char *f = format; *f; f++) {
        char digits[24], pad = ' ';
        int width = 0, left = 0, alternate = 0, longs = 0;
        size_t precision = (size_t)-1; /* for %s: at most this many */
        unsigned long long value;

        if (*f != '%') {
            put(&out, *f);
            continue;
        }
        for (f++; *f == '-' || *f == '0' || *f == '#'; f++)
            *f == '-' ? (left = 1) : *f == '#' ? (alternate = 1) : (pad = '0');
        for (; *f >= '0' && *f <= '9'; f++)
            width = width * 10 + (*f - '0');
        if (*f == '.')
            for (precision = 0, f++; *f >= '0' && *f <= '9'; f++)
                precision = precision * 10 + (*f - '0');
        for (; *f == 'l' || *f == 'z'; f++)
            longs++;
        switch (*f) {
        case 'd':
        case 'i': {
            long long n = longs ? va_arg(args, long long) : va_arg(args, int);

            value = n < 0 ? -(unsigned long long)n : (unsigned long long)n;
            put_padded(&out, digits, format_number(digits, value, 10, n < 0),
                       width, left, pad);
            break;
        }
        case 'u':
        case 'x':
        case 'p':
            value = *f == 'p' ? (unsigned long long)va_arg(args, void *)
                    : longs   ? va_arg(args, unsigned long long)
                              : va_arg(args, unsigned);
            if (*f == 'p' || (alternate && *f == 'x' && value))
                put_padded(&out, "0x", 2, 0, 0, ' ');
            put_padded(&out, digits,
                       format_number(digits, value, *f == 'u' ? 10 : 16, 0),
                       width, left, pad);
            break;
        case 'c':
            digits[0] = (char)va_arg(args, int);
            put_padded(&out, digits, 1, width, left, ' ');
            break;
        case 's': {
            const char *s = va_arg(args, const char *);
            size_t length = 0;

            while (length < precision && s[length])
                length++;
            put_padded(&out, s, length, width, left, ' ');
            break;
        }
        case '%':
            put(&out, '%');
            break;
        default: /* not ours: show it as it is */
            put(&out, '%');
            if (!*f)
                f--; /* a lone % at the end */
            else
                put(&out, *f);
        }
    }
    if (size)
        buffer[out.length < size ? out.length : size - 1] = '\0';
    return (int)out.length;
}
// ANCHOR_END: vsnprintf

// ANCHOR: printf
int printf(const char *format, ...)
{
    char buffer[512];
    va_list args;
    int length;

    va_start(args, format);
    length = vsnprintf(buffer, sizeof(buffer), format, args);
    va_end(args);
    hc_write(buffer, length < (int)sizeof(buffer) ? (size_t)length
                                                  : sizeof(buffer) - 1);
    return length;
}
// ANCHOR_END: printf
