/*
 * boot_log.c - a booting kernel's console, watched.
 *
 * Introduced in chapter 12.
 */
#include <string.h>

#include "boot_log.h"
#include "clock.h"

// ANCHOR: milestones
static const char *const milestone_text[BOOT_MILESTONES] = {
    "a first line", "Decompressing Linux", "Linux version", "Run /init",
    "hello from userspace",
};

void boot_log_byte(struct boot_log *log, uint8_t byte)
{
    double now = clock_now() - log->start;

    if (!log->first_byte)
        log->first_byte = now;
    if (byte == '\r' || (byte == '\n' && log->length == 0))
        return; /* \r\n ends a line for terminals; blank lines go too */
    console_write(&log->console, (const char *)&byte, 1);
    if (byte == '\n' && log->length > 0 && !log->seen[BOOT_FIRST_LINE])
        log->seen[BOOT_FIRST_LINE] = now;
    if (byte == '\n' || log->length == sizeof(log->line) - 1)
        log->length = 0;
    if (byte == '\n')
        return;
    log->line[log->length++] = byte;
    log->line[log->length] = '\0';
    for (int i = BOOT_FIRST_LINE + 1; i < BOOT_MILESTONES; i++)
        if (!log->seen[i] && strstr(log->line, milestone_text[i]))
            log->seen[i] = now;
}
// ANCHOR_END: milestones

void boot_log_start(struct boot_log *log, FILE *out)
{
    memset(log, 0, sizeof(*log));
    console_init(&log->console, out);
    log->start = clock_now();
}

void boot_log_flush(struct boot_log *log)
{
    console_flush(&log->console);
}

void boot_log_print_timing(const struct boot_log *log, FILE *out)
{
    fprintf(out, "host: timing: first byte %.2f s", log->first_byte);
    for (int i = 0; i < BOOT_MILESTONES; i++)
        if (log->seen[i])
            fprintf(out, ", \"%s\" %.2f s", milestone_text[i], log->seen[i]);
    fprintf(out, " (lines quiet hides are not seen)\n");
}
