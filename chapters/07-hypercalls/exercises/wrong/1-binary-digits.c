/*
 * Exercise 07.1: a plausible wrong answer, which the test must reject.
 * It writes the digits in the order they come out of the division,
 * lowest first: 6 becomes "011", not "110".
 */
#include <stddef.h>

size_t format_binary(char *digits, unsigned long long value)
{
    size_t length = 0;

    do {
        digits[length++] = (char)('0' + (value & 1));
        value >>= 1;
    } while (value);
    return length;
}
