/*
 * Exercise 01.2 (moderate): name the bits of KVM_CAP_SYNC_REGS.
 *
 * KVM_CHECK_EXTENSION answers KVM_CAP_SYNC_REGS with a bit mask: which
 * groups of registers KVM can copy into kvm_run after each exit. "7" says
 * little; "regs sregs events" says it all. Complete sync_regs_names() so
 * that it turns such a mask into words, without ever hiding a bit it has
 * no word for, and without writing past the buffer it is given.
 *
 * Hint: the bits are KVM_SYNC_X86_REGS (1), KVM_SYNC_X86_SREGS (2) and
 * KVM_SYNC_X86_EVENTS (4), from <linux/kvm.h>. dump_flags() in
 * common/dump.c turns a mask into names the same way: it clears each
 * named bit from a copy of the mask, so what is left at the end is the
 * unnamed bits. snprintf() never writes more than the size it is given
 * and returns how long the text would have been.
 *
 * Book: book/01-hello-kvm.md, "Exercises". Check: make ex EX=01.2
 */
#include <stddef.h>
#include <stdio.h>
#include <linux/kvm.h>

/* Write the names of the bits set in `mask` into buf, lowest bit first,
 * separated by one space: "regs" for KVM_SYNC_X86_REGS, "sregs" for
 * KVM_SYNC_X86_SREGS, "events" for KVM_SYNC_X86_EVENTS. Any other bits
 * follow as one hex number ("regs 0x18" for 0x19); a mask of 0 gives "-".
 * If buf is too small the text is cut short, but it always ends in a NUL
 * within `size` bytes (size > 0). Returns buf. */
char *sync_regs_names(char *buf, size_t size, unsigned long mask)
{
    (void)mask;
    buf[0] = '\0'; /* your code here */
    (void)size;
    return buf;
}
