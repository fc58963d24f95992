/*
 * Exercise 08.1: a plausible wrong answer, which the test must reject.
 * It reads the bits of each word from the most significant end, as if
 * page 0 were bit 63: the bitmap is little-endian, bit 0 comes first.
 */
#include <stdint.h>

int dirty_page_list(const uint64_t *bitmap, int page_count, int *pages)
{
    int count = 0;

    for (int page = 0; page < page_count; page++)
        if (bitmap[page / 64] & (1ull << (63 - page % 64)))
            pages[count++] = page;
    return count;
}
