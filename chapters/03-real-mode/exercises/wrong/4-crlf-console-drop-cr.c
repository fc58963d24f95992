/*
 * Exercise 03.4: a plausible wrong answer, which the test must reject.
 * It simply drops every '\r'. For "\r\n" that is right, but a '\r' on its
 * own (a guest redrawing a progress line) no longer ends anything, and
 * "50%\r100%\n" comes out as one line, "50%100%".
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
        if (data[i] == '\r')
            continue;
        if (data[i] == '\n') {
            print_line(console);
            continue;
        }
        if (console->length == sizeof(console->line))
            print_line(console);
        console->line[console->length++] = data[i];
    }
}
