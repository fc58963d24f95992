/*
 * terminal-escapes.c - a guest that tries to take over the user's
 * terminal: an escape sequence that sets the window title, one that
 * clears the screen, a CR that would overwrite the "guest> " prefix, a
 * NUL, a byte that is not UTF-8; then an assertion whose strings hold a
 * newline and a fake "host:" line for stderr.
 *
 * The host must show every control byte as \xHH, pass valid UTF-8, and
 * keep the assert report on one line (tests/faults/guests.c).
 */
#include "kvm101.h"

int main(void)
{
    static const char text[] = "title\x1b]0;pwned\x07 clear\x1b[2J"
                               " cr\rHIDDEN nul\0x bad\xff ok\xc3\xa9\n";

    hc_write(text, sizeof(text) - 1);
    hc_assert_failed("fake.c\nhost: the guest exited", 1,
                     "x\x1b[8m");
}
