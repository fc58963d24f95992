/*
 * console.c - pass the SVM host's serial console to our terminal, safely
 * and as it comes.
 *
 *   qemu-system-x86_64 ... -serial stdio | console > log
 *
 * The bytes are the emulated machine's: none of them may drive the reader's
 * terminal. A CR before a newline goes (the guest's tty adds them); every
 * other control byte but tab and newline becomes '?'; bytes from 0x80 pass
 * (UTF-8 text such as the chapters' dashes). Each line is written as soon
 * as it is complete, so a long run shows its progress (an awk or sed in a
 * pipe would hold its input back in large blocks).
 */
#include <stdio.h>
#include <unistd.h>

static int is_shown(unsigned char c)
{
    return c == '\t' || c == '\n' || (c >= 0x20 && c != 0x7f);
}

int main(void)
{
    unsigned char in[4096];
    char line[8192];
    size_t length = 0;
    ssize_t got;

    while ((got = read(STDIN_FILENO, in, sizeof(in))) > 0) {
        for (ssize_t i = 0; i < got; i++) {
            unsigned char c = in[i];

            if (c == '\r')
                continue; /* the tty's CR of "\r\n"; a lone CR goes too */
            line[length++] = is_shown(c) ? (char)c : '?';
            if (c == '\n' || length == sizeof(line)) {
                if (fwrite(line, 1, length, stdout) != length ||
                    fflush(stdout) != 0)
                    return 1;
                length = 0;
            }
        }
    }
    fwrite(line, 1, length, stdout);
    return fflush(stdout) != 0 || got < 0;
}
