/*
 * Exercise 01.2: a plausible wrong answer, which the test must reject.
 * It puts a space after every word, the easy way to separate them, and so
 * leaves one at the end: "regs sregs events " is not "regs sregs events".
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <linux/kvm.h>

char *sync_regs_names(char *buf, size_t size, unsigned long mask)
{
    const char *names[] = {"regs", "sregs", "events"};
    unsigned long unnamed = mask & ~7ul;

    buf[0] = '\0';
    for (int bit = 0; bit < 3; bit++) {
        size_t used = strlen(buf);

        if (mask & (1ul << bit))
            snprintf(buf + used, size - used, "%s ", names[bit]);
    }
    if (unnamed) {
        size_t used = strlen(buf);

        snprintf(buf + used, size - used, "%#lx ", unnamed);
    }
    if (mask == 0)
        snprintf(buf, size, "-");
    return buf;
}
