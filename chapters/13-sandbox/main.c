/*
 * Chapter 13 - a sandbox for untrusted code.
 *
 * KVM as the isolation layer for code a server does not trust: a VM with
 * no kernel in it, whose one vCPU runs the program at CPL 3 where the
 * host started it; host calls through one shared buffer, each checked;
 * a time limit and a limit on refused calls; and a snapshot taken after
 * the program's start-up, put back between calls so that no call sees
 * another's data. common/sandbox.h is the API a server would embed; this
 * program calls the built-in program's functions (guests/13-sandbox.c)
 * and shows what each part does, the failures included.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "chapter.h"
#include "cli.h"
#include "escape.h"
#include "guest.h"
#include "report.h"
#include "run.h"
#include "sandbox.h"

enum { RESET_WAY, STATS }; /* our switches, in chapter.switches */

/* The built-in program's functions (guests/13-sandbox.c). */
enum { GREET, SHOUT, REMEMBER, RECALL, DIRTY, SPIN, PATCH };

#define MAX_PROGRAM (1 << 20)

GUEST_EMBEDDED(guest_13_sandbox);

static const struct chapter chapter = {
    .name = "13-sandbox",
    .summary = "Run an untrusted program at CPL 3 in a VM with no kernel: "
               "checked host calls,\na time limit, and a snapshot reset "
               "between calls.",
    .runs_guest = true,
    .guest_help = "a sandbox program: an ELF file linked with "
                  "guests/sandbox/sandbox.ld (at\n0x200000), with the "
                  "functions GREET to PATCH of guests/13-sandbox.c;\n"
                  "--timeout is each call's time limit.",
    .switches = {{"--reset-way", "how a reset finds the pages to put back: "
                                 "auto (default),\n    dirty-log or copy-all",
                  "WAY"},
                 {"--stats", "also print each call's exits and host calls"}},
    .default_timeout = 0.5,
};

struct demo {
    struct sandbox *sandbox;
    struct console console;
    bool stats;
};

/* SANDBOX_WRITE's text: the guest's, so printed as "guest> " lines
 * (escaped by the console). */
static void guest_output(void *context, const char *text, size_t length)
{
    struct demo *demo = context;

    console_write(&demo->console, text, length);
    console_write(&demo->console, "\n", 1);
}

static void print_result(const struct demo *demo, const char *name,
                         const struct sandbox_result *result)
{
    printf("host: %s ", name);
    if (result->status != SANDBOX_OK) {
        printf("failed: %s", sandbox_status_text(result->status));
        if (result->crash)
            printf(" (%s)", result->crash);
    } else {
        printf("returned %lld", (long long)result->value);
        if (result->data) {
            fputs(": \"", stdout);
            escape_write(stdout, (const char *)result->data,
                         result->length);
            fputc('"', stdout);
        }
    }
    if (demo->stats)
        printf(" [exits %lu, host calls %lu, refused %lu]", result->exits,
               result->host_calls, result->refusals);
    putchar('\n');
}

// ANCHOR: call
/* Call one function and say what came back. Returns 0, or an exit code
 * when the host itself failed. */
static int call(struct demo *demo, const char *name, int function,
                const char *input)
{
    struct sandbox_result result;

    if (sandbox_call(demo->sandbox, function, 0, input,
                     input ? strlen(input) : 0, &result) < 0)
        return report_error("calling %s", name);
    console_flush(&demo->console);
    print_result(demo, name, &result);
    return EXIT_OK;
}

/* Put memory and the vCPU back as they were at the snapshot. */
static int reset(struct demo *demo)
{
    struct sandbox_reset_stats stats;

    if (sandbox_reset(demo->sandbox, &stats) < 0)
        return report_error("resetting the sandbox");
    printf("host: reset: %ld pages copied back%s\n", stats.pages,
           stats.full ? ", every vCPU register restored" : "");
    return EXIT_OK;
}
// ANCHOR_END: call

static void print_layout(const struct sandbox_layout *layout)
{
    printf("host: sandbox ready: %llu KiB of memory, a %llu KiB shared "
           "buffer at %#x\n",
           (unsigned long long)layout->memory_size >> 10,
           (unsigned long long)layout->shared_size >> 10, SANDBOX_SHARED);
    printf("host: program at %#llx: %d code, %d constant and %d data "
           "pages; %llu KiB of heap\n",
           (unsigned long long)layout->program_start, layout->code_pages,
           layout->constant_pages, layout->data_pages,
           (unsigned long long)layout->heap_size >> 10);
    printf("host: snapshot taken; a reset puts back %s\n",
           layout->reset_way == SANDBOX_RESET_COPY_ALL
               ? "every writable page"
               : "the pages the dirty log names");
}

// ANCHOR: story
/* The story: calls, state kept, a reset, then the limits. */
static int demonstrate(struct demo *demo)
{
    int code = EXIT_OK;

    code = code ? code : call(demo, "GREET", GREET, NULL);
    code = code ? code : call(demo, "SHOUT", SHOUT, "untrusted input");
    code = code ? code : call(demo, "REMEMBER", REMEMBER, "a secret");
    code = code ? code : call(demo, "RECALL", RECALL, NULL);
    code = code ? code : reset(demo);
    code = code ? code : call(demo, "RECALL", RECALL, NULL);
    code = code ? code : call(demo, "SPIN", SPIN, NULL);
    code = code ? code : reset(demo);
    code = code ? code : call(demo, "PATCH", PATCH, NULL);
    code = code ? code : reset(demo);
    code = code ? code : call(demo, "GREET", GREET, NULL);
    return code;
}
// ANCHOR_END: story

/* --reset-way's value. Returns 0, or -1 after a usage error. */
static int reset_way(const struct options *options,
                     enum sandbox_reset_way *way)
{
    const char *value = options->values[RESET_WAY];

    *way = SANDBOX_RESET_AUTO;
    if (!value || !strcmp(value, "auto"))
        return 0;
    if (!strcmp(value, "dirty-log")) {
        *way = SANDBOX_RESET_DIRTY_LOG;
        return 0;
    }
    if (!strcmp(value, "copy-all")) {
        *way = SANDBOX_RESET_COPY_ALL;
        return 0;
    }
    fprintf(stderr, "%s: --reset-way: '%s' is not a way — use auto, dirty-log "
                    "or copy-all\n",
            chapter.name, value);
    return -1;
}

int main(int argc, char **argv)
{
    struct sandbox_config config = sandbox_defaults();
    struct demo demo = {0};
    struct guest_image image;
    struct options options;
    const char *failed_step;
    struct sandbox_init init;
    int exit_code;

    if (cli_parse(&chapter, argc, argv, &options, &exit_code) == CLI_EXIT)
        return exit_code;
    if (reset_way(&options, &config.reset_way) < 0)
        return EXIT_USAGE;
    demo.stats = options.switched[STATS];
    if (guest_choose(options.guest_path, GUEST_IMAGE(guest_13_sandbox),
                     MAX_PROGRAM, GUEST_PIPE_WAIT, &image) < 0)
        return report_error("reading %s", options.guest_path);
    console_init(&demo.console, stdout);

    // ANCHOR: create
    config.timeout = options.timeout;
    config.output = guest_output;
    config.context = &demo;
    if (sandbox_create(&demo.sandbox, &config, image.data, image.size,
                       &init, &failed_step) < 0) {
        console_flush(&demo.console);
        guest_free(&image);
        return report_error_hint(errno == ENOEXEC
                                     ? "link a sandbox program with "
                                       "guests/sandbox/sandbox.ld, as the "
                                       "Makefile does for guests/13-*.c"
                                 : errno == ECANCELED
                                     ? "its sandbox_init() must return 0 "
                                       "within the time limit"
                                     : report_hint(errno, failed_step),
                                 "creating the sandbox: %s", failed_step);
    }
    // ANCHOR_END: create
    console_flush(&demo.console);
    print_layout(sandbox_layout(demo.sandbox));
    exit_code = demonstrate(&demo);
    sandbox_destroy(demo.sandbox);
    guest_free(&image);
    return exit_code;
}
