/*
 * Exercise 12.2: a plausible wrong answer, which the test must reject.
 * snprintf's return value trusted: cut-short text is reported as whole.
 */
#include <stddef.h>
#include <stdio.h>

int size_words(unsigned rows, unsigned cols, char *text, size_t size)
{
    if (rows == 0 || cols == 0)
        return -1;
    return snprintf(text, size, "kvm101.rows=%u kvm101.cols=%u", rows, cols);
}
