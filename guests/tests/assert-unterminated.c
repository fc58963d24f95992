/*
 * assert-unterminated.c - a guest whose failed assertion names a file
 * whose name has no NUL in its first HC_MAX_STRING bytes (2 KiB of 'A').
 *
 * The host must not read past HC_MAX_STRING bytes, must say the string is
 * bad (one line on stderr), and must still end the run with the usual
 * report "(unreadable file name):42: assertion failed: ..." and exit
 * code 1 (tests/faults/guests.c).
 */
#include "kvm101.h"

static char file[2 * HC_MAX_STRING];

int main(void)
{
    memset(file, 'A', sizeof(file) - 1); /* the last byte stays 0 */
    printf("asserting with a %u-byte file name\n",
           (unsigned)sizeof(file) - 1);
    hc_assert_failed(file, 42, "the file name has an end");
}
