/*
 * Exercise 03.4: a plausible wrong answer, which the test must reject.
 * It recognises "\r\n" by looking at the next byte of the same call. With
 * a whole string in one call that works; but KVM hands over a `rep outsb`
 * one byte per exit, so the '\r' is always the last byte of its call, and
 * "\r\n" ends two lines: an empty one appears after each.
 */
#include <stddef.h>
#include <stdio.h>

#include "escape.h"

struct crlf_console {
    FILE *out;
    size_t length;
    char line[80];
    int state;
};

static void print_line(struct crlf_console *console)
{
    fputs("guest> ", console->out);
    escape_write(console->out, console->line, console->length);
    fputc('\n', console->out);
    console->length = 0;
}

void crlf_console_write(struct crlf_console *console, const char *data,
                        size_t size)
{
    for (size_t i = 0; i < size; i++) {
        if (data[i] == '\r' && i + 1 < size && data[i + 1] == '\n')
            i++; /* "\r\n": one line end */
        if (data[i] == '\n' || data[i] == '\r') {
            print_line(console);
            continue;
        }
        if (console->length == sizeof(console->line))
            print_line(console);
        console->line[console->length++] = data[i];
    }
}
