/*
 * Exercise 07.2 (moderate): a buffer check that cannot be fooled.
 *
 * Every buffer a guest passes to a hypercall is an address and a length,
 * both chosen by the guest, and a hostile guest chooses them to make the
 * host's check wrong. Complete range_inside(): is every byte of
 * [address, address + length) inside the memory region [start,
 * start + size)? This is the question vm_guest_to_host() asks of each
 * memory slot; try to answer it before you look there.
 *
 * The caller promises only that the region itself does not wrap: start +
 * size <= 2^64. A region may end exactly at 2^64, the top of the address
 * space, and then start + size is 0 in 64 bits. address and length can be
 * anything at all. An empty range (length 0) is inside when address is in
 * [start, start + size], the end included.
 *
 * Hint: address + length and start + size can both wrap around 2^64 to a
 * small number, so a check that computes either "end" can be fooled, and
 * the test tries. Add nothing the guest chose; subtract instead, and only
 * after a comparison has shown that the subtraction cannot wrap.
 *
 * Book: book/07-hypercalls.md, "Exercises". Check: make ex EX=07.2
 */
#include <stdbool.h>
#include <stdint.h>

/* Is every byte of [address, address + length) in [start, start + size)?
 * start + size <= 2^64; everything else is up to the guest. */
bool range_inside(uint64_t address, uint64_t length, uint64_t start,
                  uint64_t size)
{
    (void)address;
    (void)length;
    (void)start;
    (void)size;
    return false; /* your code here */
}
