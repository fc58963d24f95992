/*
 * Exercise 12.2, a reference solution: tell the guest the terminal's size.
 */
#include <stddef.h>
#include <stdio.h>

int size_words(unsigned rows, unsigned cols, char *text, size_t size)
{
    int length;

    if (rows == 0 || cols == 0)
        return -1;
    length = snprintf(text, size, "kvm101.rows=%u kvm101.cols=%u", rows, cols);
    if (length < 0 || (size_t)length >= size)
        return -1; /* it would have been cut short */
    return length;
}
