/*
 * sandbox_report.c - a sandbox told to people. Introduced in chapter 13.
 */
#include <errno.h>

#include "escape.h"
#include "report.h"
#include "run.h"
#include "sandbox_report.h"

void sandbox_output_to_console(void *console, const char *text,
                               size_t length)
{
    console_write(console, text, length);
    console_write(console, "\n", 1);
}

void dump_sandbox_layout(FILE *out, const struct sandbox_layout *layout)
{
    fprintf(out, "host: sandbox ready: %llu KiB of memory, a %llu KiB "
                 "shared buffer at %#x\n",
            (unsigned long long)layout->memory_size >> 10,
            (unsigned long long)layout->shared_size >> 10, SANDBOX_SHARED);
    fprintf(out, "host: program at %#llx: %d code, %d constant and %d data "
                 "pages; %llu KiB of heap\n",
            (unsigned long long)layout->program_start, layout->code_pages,
            layout->constant_pages, layout->data_pages,
            (unsigned long long)layout->heap_size >> 10);
    fprintf(out, "host: snapshot taken; a reset puts back %s\n",
            layout->reset_way == SANDBOX_RESET_COPY_ALL
                ? "every writable page"
                : "the pages the dirty log names");
}

void dump_sandbox_result(FILE *out, const char *name,
                         const struct sandbox_result *result, bool stats)
{
    fprintf(out, "host: %s ", name);
    if (result->status != SANDBOX_OK) {
        fprintf(out, "failed: %s", sandbox_status_text(result->status));
        if (result->crash)
            fprintf(out, " (%s)", result->crash);
    } else {
        fprintf(out, "returned %lld", (long long)result->value);
        if (result->data) {
            fputs(": \"", out);
            escape_write(out, (const char *)result->data, result->length);
            fputc('"', out);
        }
    }
    if (stats)
        fprintf(out, " [exits %lu, host calls %lu, refused %lu]",
                result->exits, result->host_calls, result->refusals);
    fputc('\n', out);
}

int sandbox_report_create(const char *failed_step)
{
    if (errno != ENOEXEC && errno != ECANCELED) /* 77 without KVM */
        return report_error("%s", failed_step);
    return report_error_hint(errno == ENOEXEC
                                 ? "link a sandbox program with "
                                   "guests/sandbox/sandbox.ld, as the "
                                   "Makefile does for guests/13-*.c"
                                 : "its sandbox_init() must return 0 "
                                   "within the time limit",
                             "creating the sandbox: %s", failed_step);
}
