/*
 * Exercise 08.1 (easy): decode a dirty bitmap. A reference solution.
 */
#include <stdint.h>

int dirty_page_list(const uint64_t *bitmap, int page_count, int *pages)
{
    int count = 0;

    for (int page = 0; page < page_count; page++)
        if (bitmap[page / 64] & (1ull << (page % 64)))
            pages[count++] = page;
    return count;
}
