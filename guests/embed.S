/*
 * embed.S - puts a flat guest image into a chapter binary as read-only data.
 * The Makefile assembles this once per guest with
 *   -DGUEST_FILE="build/guests/03-real-mode.bin" -DGUEST_SYMBOL=guest_03_real_mode
 * giving the symbols guest_03_real_mode and guest_03_real_mode_end that
 * GUEST_EMBEDDED() in common/guest.h declares.
 */
#define CONCAT_(a, b) a##b
#define CONCAT(a, b) CONCAT_(a, b)

    .section .rodata
    .balign 16
    .globl GUEST_SYMBOL
GUEST_SYMBOL:
    .incbin GUEST_FILE
    .globl CONCAT(GUEST_SYMBOL, _end)
CONCAT(GUEST_SYMBOL, _end):

    /* No executable stack needed. */
    .section .note.GNU-stack, "", @progbits
