/*
 * rep-outsd-hypercall.c - a hostile guest: `rep outsd` to the hypercall
 * port, two doublewords of HC_WRITE from memory, with RAX, RBX, RCX and
 * RSI chosen so that the half-finished registers of each step would make
 * a plausible hypercall. The ABI is one `out dx, eax`: a string
 * instruction is not a hypercall, and the host must stop the run saying
 * so rather than serve it (tests/faults/guests.c).
 */
#include "kvm101.h"

static const char message[] = "not a hypercall\n";
static const uint32_t words[2] = {HC_WRITE, HC_WRITE};

int main(void)
{
    const uint32_t *source = words;
    long count = 2;

    printf("rep outsd to the hypercall port\n");
    /* RSI walks over `words`; RCX counts down 2, 1. As a hypercall, step
     * one would be HC_WRITE(rbx = message, rcx = 2, ...). */
    __asm__ volatile("rep outsd"
                     : "+S"(source), "+c"(count)
                     : "a"((long)HC_WRITE), "b"(message),
                       "d"(HYPERCALL_PORT)
                     : "memory");
    printf("the host served it\n");
    return 0;
}
