/*
 * Exercise 12.2: a plausible wrong answer, which the test must reject.
 * A terminal of zero columns (what TIOCGWINSZ says for a pipe) passed on.
 */
#include <stddef.h>
#include <stdio.h>

int size_words(unsigned rows, unsigned cols, char *text, size_t size)
{
    int length = snprintf(text, size, "kvm101.rows=%u kvm101.cols=%u", rows,
                          cols);

    return length < 0 || (size_t)length >= size ? -1 : length;
}
