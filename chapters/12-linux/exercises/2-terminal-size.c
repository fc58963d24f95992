/*
 * Exercise 12.2 (moderate): tell the guest the terminal's size.
 *
 * A serial line carries bytes, not a window size: a program in the guest
 * cannot ask the terminal at the other end how big it is, and full-screen
 * programs draw for 80x24. The host knows (ioctl TIOCGWINSZ on its
 * terminal) and can pass it on the kernel's command line, whose words
 * the kernel does not know it hands to /init as arguments or environment:
 * "kvm101.rows=50 kvm101.cols=132".
 *
 * Complete size_words(): write those two words into text (size bytes,
 * NUL included), and say how long they are, or -1 if they do not fit or
 * the size is impossible (a zero row or column count).
 *
 * Hint: snprintf returns the length the text would have had; compare it
 * with size before you trust what it wrote. A command line has a limit
 * (2047 bytes for Debian's kernel), so what does not fit must be refused,
 * never cut short: "kvm101.cols=13" for 132 columns is a lie.
 *
 * Book: book/12-linux.md, "The boot protocol".
 * Check: make ex EX=12.2
 */
#include <stddef.h>

/* Write "kvm101.rows=R kvm101.cols=C" into text (size bytes). Returns the
 * length written (without the NUL), or -1. */
int size_words(unsigned rows, unsigned cols, char *text, size_t size)
{
    (void)rows;
    (void)cols;
    (void)text;
    (void)size;
    return -1; /* your code here */
}
