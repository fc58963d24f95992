/*
 * report-flood.c - a hostile guest that tries to flood the host's output:
 * 1,000 calls to a hypercall that does not exist (each refused), and 1,000
 * HC_EXCEPTION reports, the last with a vector past 2^32 that would read
 * as #GP (13) if the host cut it to 32 bits. The host must print a few of
 * each and say how many it did not show (tests/faults/guests.c).
 */
#include "kvm101.h"

#define FLOOD 1000

int main(void)
{
    for (int i = 0; i < FLOOD; i++)
        hypercall(99, 0, 0, 0);
    for (int i = 0; i < FLOOD - 1; i++)
        hypercall(HC_EXCEPTION, 6, 0, 0x1000);
    hypercall(HC_EXCEPTION, 0x10000000dL, 0, 0x2000);
    printf("flooded\n");
    return 0;
}
