/*
 * Exercise 01.2: a plausible wrong answer, which the test must reject.
 * It names the three bits it knows and stops there: a newer kernel's bit
 * 3 simply disappears, and 0x8 comes out as "-", as if nothing were set.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <linux/kvm.h>

char *sync_regs_names(char *buf, size_t size, unsigned long mask)
{
    const char *names[] = {"regs", "sregs", "events"};

    buf[0] = '\0';
    for (int bit = 0; bit < 3; bit++) {
        size_t used = strlen(buf);

        if (mask & (1ul << bit))
            snprintf(buf + used, size - used, "%s%s", used ? " " : "",
                     names[bit]);
    }
    if (buf[0] == '\0')
        snprintf(buf, size, "-");
    return buf;
}
