/*
 * trace.c - the --trace switch. Introduced in chapter 01.
 */
#include <stdarg.h>
#include <stdio.h>

#include "trace.h"

bool trace_enabled;

void trace(const char *format, ...)
{
    va_list args;

    if (!trace_enabled)
        return;
    fputs("trace: ", stdout);
    va_start(args, format);
    vprintf(format, args);
    va_end(args);
    fputc('\n', stdout);
}
