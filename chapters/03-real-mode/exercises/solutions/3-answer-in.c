/*
 * Exercise 03.3 (moderate): answer an `in`. A reference solution.
 */
#include <stdint.h>
#include <string.h>
#include <linux/kvm.h>

int answer_in(struct kvm_run *run, uint16_t port, uint32_t value)
{
    if (run->io.direction != KVM_EXIT_IO_IN || run->io.port != port)
        return -1;
    /* x86 is little-endian: the low bytes of value come first. */
    memcpy((char *)run + run->io.data_offset, &value, run->io.size);
    return 0;
}
