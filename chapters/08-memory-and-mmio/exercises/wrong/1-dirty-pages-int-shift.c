/*
 * Exercise 08.1: a plausible wrong answer, which the test must reject.
 * It shifts an int: 1 << (page % 64) has only 32 bits, so pages 32 to 63
 * of every word are tested with the wrong mask (and shifting an int by
 * 32 or more is undefined behaviour in C).
 */
#include <stdint.h>

int dirty_page_list(const uint64_t *bitmap, int page_count, int *pages)
{
    int count = 0;

    for (int page = 0; page < page_count; page++)
        if (bitmap[page / 64] & (1 << (page % 64)))
            pages[count++] = page;
    return count;
}
