/*
 * Exercise 07.4 (hard): a gather write.
 *
 * A guest that prints a line in pieces makes one HC_WRITE, and so one
 * exit, per piece. Add HC_WRITEV, number 101, arguments (vector, count):
 * vector is the guest-physical address of an array of count struct
 * hc_iovec, each naming a buffer in guest memory. The host writes the
 * buffers to the console in order, in one call, and returns the total
 * length.
 *
 * Complete hc_writev(). Every number in the call comes from the guest, so
 * refuse, writing nothing at all:
 *   - an array that is not all in guest memory: -HC_EFAULT;
 *   - a buffer that is not all in guest memory: -HC_EFAULT;
 *   - a total length over HC_MAX_WRITE: -HC_EINVAL.
 * A count of 0 writes nothing and returns 0.
 *
 * Hint: the array is count * sizeof(struct hc_iovec) bytes, and a product
 * wraps around 2^64 as easily as a sum: with count = 2^60 + 1 it is 16,
 * and vm_guest_to_host() checks 16 bytes. Make sure the product fits
 * before you compute it (divide, don't multiply). Check every buffer
 * before you write the first: the console must never show half a call.
 * Read each entry with memcpy(), since the guest may align the array
 * however it likes.
 *
 * Book: book/07-hypercalls.md, "Exercises". Check: make ex EX=07.4
 */
#include <stdint.h>
#include <string.h>

#include "hypercall.h"
#include "run.h"
#include "vm.h"

#define HC_WRITEV 101 /* (vector, count): gather write; -> total length */

/* One buffer, as the guest lays it out in its array. */
struct hc_iovec {
    uint64_t address; /* guest-physical */
    uint64_t length;
};

/* Write the count buffers of the array at guest-physical `vector` to the
 * console. Returns the total length, or -HC_EFAULT / -HC_EINVAL having
 * written nothing. */
int64_t hc_writev(const struct vm *vm, struct console *console, uint64_t vector,
                  uint64_t count)
{
    (void)vm;
    (void)console;
    (void)vector;
    (void)count;
    return -HC_ENOSYS; /* your code here */
}
