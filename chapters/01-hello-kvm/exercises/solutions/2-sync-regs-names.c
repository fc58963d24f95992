/*
 * Exercise 01.2 (moderate): name the bits of KVM_CAP_SYNC_REGS.
 * A reference solution.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <linux/kvm.h>

/* Append a word to buf, after a space unless it is the first. strlen()
 * never exceeds size - 1, and snprintf() never writes past size. */
static void append(char *buf, size_t size, const char *word)
{
    size_t used = strlen(buf);

    snprintf(buf + used, size - used, "%s%s", used ? " " : "", word);
}

char *sync_regs_names(char *buf, size_t size, unsigned long mask)
{
    static const struct {
        unsigned long bit;
        const char *name;
    } names[] = {
        {KVM_SYNC_X86_REGS, "regs"},
        {KVM_SYNC_X86_SREGS, "sregs"},
        {KVM_SYNC_X86_EVENTS, "events"},
    };
    unsigned long unnamed = mask;
    char number[24];

    buf[0] = '\0';
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        if (mask & names[i].bit) {
            append(buf, size, names[i].name);
            unnamed &= ~names[i].bit;
        }
    }
    if (unnamed) {
        snprintf(number, sizeof(number), "%#lx", unnamed);
        append(buf, size, number);
    }
    if (mask == 0)
        append(buf, size, "-");
    return buf;
}
