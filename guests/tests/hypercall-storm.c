/*
 * hypercall-storm.c - a guest that makes 10,000 HC_WRITE calls of one
 * byte each: 100 lines of 99 dots, one exit per byte.
 *
 * A bounded storm: the host must serve every call, print the 100 lines,
 * stay healthy (no growth, no sanitizer report) and count 10,001
 * hypercalls (the writes and the exit) (tests/faults/guests.c).
 */
#include "kvm101.h"

int main(void)
{
    for (int i = 0; i < 10000; i++)
        hc_write(i % 100 == 99 ? "\n" : ".", 1);
    return 0;
}
