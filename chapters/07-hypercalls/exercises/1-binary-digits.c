/*
 * Exercise 07.1 (easy): printf in binary.
 *
 * A C guest has no C library: every conversion its printf knows
 * (guests/lib/printf.c) is code of ours. Add one, %b, a number in base 2.
 * Complete format_binary(): write the binary digits of value into digits,
 * most significant first, with no leading zeros ("0" for 0), and return
 * how many there are. Write nothing else: no NUL, nothing past the last
 * digit.
 *
 * The function is for the guest, but the test calls it from the host, so
 * keep it plain C: no library calls, no hypercalls, no floating point
 * (the guest is built with -mgeneral-regs-only).
 *
 * Hint: value & 1 is the lowest digit and value >> 1 drops it, so the
 * digits come out lowest first, as in printf.c's format_number(): collect
 * them in a local array, then copy them out the other way round. A loop
 * that tests value before its first digit prints nothing for 0 (a
 * do-while does not), and a 64-bit value has up to 64 digits.
 *
 * Book: book/07-hypercalls.md, "Exercises". Check: make ex EX=07.1
 */
#include <stddef.h>

/* The digits of value in base 2, most significant first, into digits
 * (room for 64): no leading zeros, "0" for 0, no NUL. Returns how many. */
size_t format_binary(char *digits, unsigned long long value)
{
    (void)digits;
    (void)value;
    return 0; /* your code here */
}
