/*
 * Exercise 08.1 (easy): decode a dirty bitmap.
 *
 * KVM_GET_DIRTY_LOG fills a bitmap with one bit per page of a memory slot,
 * set for each page the guest wrote since the previous call. Chapter 08's
 * report_devices() prints the numbers of those pages with a loop of its
 * own. Write that loop as a function that returns the page numbers, so
 * that a host could copy exactly those pages (as live migration does).
 *
 * Hint: the bitmap is an array of 64-bit words, and bit 0 of word 0 is the
 * slot's first page: page n is in word n / 64, at the bit of value
 * 1 << (n % 64), counted from the least significant bit. Shift a 64-bit
 * one (1ull): an int has only 32 bits.
 *
 * Book: book/08-memory-and-mmio.md, "Dirty page logging".
 * Check: make ex EX=08.1
 */
#include <stdint.h>

/* Store the numbers of the pages whose bits are set in `bitmap`, for a
 * slot of `page_count` pages, into pages[] in increasing order, and return
 * how many there are. pages[] has room for page_count numbers. */
int dirty_page_list(const uint64_t *bitmap, int page_count, int *pages)
{
    (void)bitmap;
    (void)page_count;
    (void)pages;
    return 0; /* your code here */
}
