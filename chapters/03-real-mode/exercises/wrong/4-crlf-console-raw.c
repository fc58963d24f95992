/*
 * Exercise 03.4: a plausible wrong answer, which the test must reject.
 * Its lines are right, but it prints their text raw, with fwrite(): a
 * guest's ESC or stray control byte reaches the terminal, where chapter
 * 03's console would show it as \xHH.
 */
#include <stddef.h>
#include <stdio.h>

struct crlf_console {
    FILE *out;
    size_t length;
    char line[80];
    int state; /* here: 1 if the last byte was a '\r' */
};

static void print_line(struct crlf_console *console)
{
    fputs("guest> ", console->out);
    fwrite(console->line, 1, console->length, console->out);
    fputc('\n', console->out);
    console->length = 0;
}

void crlf_console_write(struct crlf_console *console, const char *data,
                        size_t size)
{
    for (size_t i = 0; i < size; i++) {
        int after_cr = console->state;

        /* Remembered across calls: the '\n' of a "\r\n" comes in the
         * next exit, so the next call. */
        console->state = data[i] == '\r';
        if (data[i] == '\n' && after_cr)
            continue; /* the '\r' already ended this line */
        if (data[i] == '\n' || data[i] == '\r') {
            print_line(console);
            continue;
        }
        if (console->length == sizeof(console->line))
            print_line(console); /* a very long line: break it */
        console->line[console->length++] = data[i];
    }
}
