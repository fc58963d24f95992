/*
 * Exercise 07.1 (easy): printf in binary.
 * A reference solution.
 */
#include <stddef.h>

size_t format_binary(char *digits, unsigned long long value)
{
    char reversed[64];
    size_t n = 0, length = 0;

    do { /* at least one digit: "0" for 0 */
        reversed[n++] = (char)('0' + (value & 1));
        value >>= 1;
    } while (value);
    while (n) /* lowest first in reversed[]: copy them out backwards */
        digits[length++] = reversed[--n];
    return length;
}
