/*
 * string.c - the few string functions a C guest needs. The compiler may
 * call memset and memcpy by itself (to clear or copy a struct), even in
 * freestanding code, so they must exist.
 * Introduced in chapter 07.
 */
#include "kvm101.h"

size_t strlen(const char *s)
{
    size_t length = 0;

    while (s[length])
        length++;
    return length;
}

int strcmp(const char *a, const char *b)
{
    while (*a && *a == *b)
        a++, b++;
    return (unsigned char)*a - (unsigned char)*b;
}

void *memset(void *destination, int byte, size_t size)
{
    unsigned char *d = destination;

    while (size--)
        *d++ = (unsigned char)byte;
    return destination;
}

void *memcpy(void *destination, const void *source, size_t size)
{
    unsigned char *d = destination;
    const unsigned char *s = source;

    while (size--)
        *d++ = *s++;
    return destination;
}

/* Introduced in chapter 13: the WebAssembly interpreter compares names
 * and types. */
int memcmp(const void *a, const void *b, size_t size)
{
    const unsigned char *x = a, *y = b;

    for (; size; size--, x++, y++)
        if (*x != *y)
            return *x - *y;
    return 0;
}
