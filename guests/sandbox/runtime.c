/*
 * runtime.c - the guest's side of the sandbox (sandbox.h): the host
 * calls every program uses.
 * Introduced in chapter 13.
 */
#include <stdarg.h>

#include "sandbox_program.h"

uint64_t sandbox_shared_size;

void sandbox_return(long value, const void *data, uint64_t length)
{
    hypercall(SANDBOX_RETURN, value, (long)data, (long)length);
    for (;;) /* the host starts the next call at sandbox_call_entry */
        __asm__ volatile("ud2");
}

// ANCHOR: print
long sandbox_print(const char *format, ...)
{
    /* The last SANDBOX_WRITE_MAX bytes of the shared buffer: the host
     * follows no pointer to anywhere else. */
    char *text = (char *)SHARED_BUFFER + sandbox_shared_size -
                 SANDBOX_WRITE_MAX;
    va_list args;
    int length;

    va_start(args, format);
    length = vsnprintf(text, SANDBOX_WRITE_MAX, format, args);
    va_end(args);
    if (length >= SANDBOX_WRITE_MAX)
        length = SANDBOX_WRITE_MAX - 1; /* cut, as vsnprintf did */
    return hypercall(SANDBOX_WRITE, (long)text, length, 0);
}
// ANCHOR_END: print
