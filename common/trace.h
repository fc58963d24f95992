/*
 * trace.h - the --trace switch: show what happens under the hood.
 *
 * Every chapter takes --trace. When it is on, helpers print one line per
 * ioctl they make (chapters 01-02) or per VM exit (chapter 03 on), each
 * starting with "trace: ", on standard output so it interleaves in order
 * with everything else the chapter prints.
 *
 * Introduced in chapter 01.
 */
#ifndef KVM101_TRACE_H
#define KVM101_TRACE_H

#include <stdbool.h>

extern bool trace_enabled;

/* Print "trace: <message>\n" when tracing is on; otherwise do nothing. */
void trace(const char *format, ...) __attribute__((format(printf, 1, 2)));

#endif
