/*
 * escape.h - showing text a guest chose on the user's terminal, safely.
 *
 * A terminal acts on what it is sent: ESC starts sequences that set the
 * window title, clear the screen or hide text; a CR moves back over what
 * was printed (a "guest> " prefix, say). So guest text is printed with
 * every control byte (below 0x20, except tab) and DEL shown as \xHH, and
 * bytes from 0x80 passed on only as valid UTF-8, others as \xHH.
 *
 * Introduced in chapter 03.
 */
#ifndef KVM101_ESCAPE_H
#define KVM101_ESCAPE_H

#include <stddef.h>
#include <stdio.h>

/* The length (2 to 4) of the valid UTF-8 sequence that starts data, or 0
 * if it does not start one (overlong forms, surrogates and code points
 * over U+10FFFF are not valid). size is what is left of data. */
size_t escape_utf8_length(const unsigned char *data, size_t size);

/* Write size bytes of data to out, escaped as above; '\n' too is shown as
 * \x0a, so the text stays on one line. */
void escape_write(FILE *out, const char *data, size_t size);

#endif
