/*
 * exit-status-3.c - a guest whose main() returns 3.
 *
 * start.S passes 3 to HC_EXIT; the host must exit with code 1 (not 3: the
 * codes 2 and 77 mean something else) and say "the guest exited with
 * status 3" (tests/faults/guests.c).
 */
#include "kvm101.h"

int main(void)
{
    printf("returning 3\n");
    return 3;
}
