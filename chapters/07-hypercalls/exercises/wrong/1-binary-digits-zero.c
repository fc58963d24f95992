/*
 * Exercise 07.1: a plausible wrong answer, which the test must reject.
 * A while loop tests value before the first digit, so 0 has no digits:
 * printf("%b", 0) would print nothing at all.
 */
#include <stddef.h>

size_t format_binary(char *digits, unsigned long long value)
{
    char reversed[64];
    size_t n = 0, length = 0;

    while (value) {
        reversed[n++] = (char)('0' + (value & 1));
        value >>= 1;
    }
    while (n)
        digits[length++] = reversed[--n];
    return length;
}
