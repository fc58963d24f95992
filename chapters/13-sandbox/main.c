/*
 * Chapter 13 - a sandbox for untrusted code.
 *
 * KVM as the isolation layer for code a server does not trust: a VM with
 * no kernel in it, whose one vCPU runs the program at CPL 3 where the
 * host started it; host calls through one shared buffer, each checked;
 * a time limit and a limit on refused calls; and a snapshot taken after
 * the program's start-up, put back between calls so that no call sees
 * another's data. common/sandbox.h is the API a server would embed.
 *
 * Part 2 puts a WebAssembly interpreter in the sandbox (guests/13-wasm.c):
 * the untrusted module is decoded, validated and run inside the VM.
 *
 *   13-sandbox                    the built-in demo module, explained
 *   13-sandbox [options] MODULE.wasm [--invoke EXPORT [ARG...]]...
 *   13-sandbox --c-demo [--guest FILE]   part 1: a C program's story
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chapter.h"
#include "cli.h"
#include "guest.h"
#include "report.h"
#include "run.h"
#include "sandbox.h"
#include "sandbox_report.h"
#include "trace.h"
#include "wasm_sandbox.h"

enum { C_DEMO, RESET_WAY, STATS }; /* part 1's switches */

/* The built-in program's functions (guests/13-sandbox.c). */
enum { GREET, SHOUT, REMEMBER, RECALL, DIRTY, SPIN, PATCH };

#define MAX_PROGRAM (1 << 20) /* a C sandbox program, part 1 */
#define MAX_MODULE (1 << 20)  /* a WebAssembly module, part 2 */

GUEST_EMBEDDED(guest_13_sandbox);
GUEST_EMBEDDED(guest_13_wasm);
GUEST_EMBEDDED(wasm_demo_module);

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
    .switches = {{"--c-demo", "part 1: the story of a C program in the "
                              "sandbox (this\n    help is part 1's; "
                              "13-sandbox --help has part 2's)"},
                 {"--reset-way", "how a reset finds the pages to put back: "
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
    dump_sandbox_result(stdout, name, &result, demo->stats);
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

/* Part 1's story: the C program (or --guest FILE) in the sandbox. */
static int c_demo(int argc, char **argv)
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
    if (options.values[RESET_WAY] &&
        sandbox_reset_way_parse(options.values[RESET_WAY],
                                &config.reset_way) < 0) {
        fprintf(stderr, "13-sandbox: --reset-way: '%s' is not a way — use "
                        "auto, dirty-log or copy-all\n",
                options.values[RESET_WAY]);
        return EXIT_USAGE;
    }
    demo.stats = options.switched[STATS];
    if (guest_choose(options.guest_path, GUEST_IMAGE(guest_13_sandbox),
                     MAX_PROGRAM, GUEST_PIPE_WAIT, &image) < 0)
        return report_error("reading %s", options.guest_path);
    console_init(&demo.console, stdout);

    // ANCHOR: create
    config.timeout = options.timeout;
    config.output = sandbox_output_to_console;
    config.context = &demo.console;
    if (sandbox_create(&demo.sandbox, &config, image.data, image.size,
                       &init, &failed_step) < 0) {
        console_flush(&demo.console);
        guest_free(&image);
        return sandbox_report_create(failed_step);
    }
    // ANCHOR_END: create
    console_flush(&demo.console);
    dump_sandbox_layout(stdout, sandbox_layout(demo.sandbox));
    exit_code = demonstrate(&demo);
    sandbox_destroy(demo.sandbox);
    guest_free(&image);
    return exit_code;
}

/* ---- part 2: WebAssembly -------------------------------------------- */

static void wasm_help(void)
{
    wasm_print_usage(stdout, "13-sandbox",
                     "Run a WebAssembly (MVP) module in KVM 101's sandbox, "
                     "by an interpreter inside\na VM, at CPL 3. With no "
                     "arguments: the built-in demo. Part 1: --c-demo.",
                     "each invoke's time limit (default 5)",
                     "restore the snapshot before every invoke");
}

// ANCHOR: demo
/* No arguments: the demo module's exports, invoked as a reader would. */
static char *demo_argv[] = {
    "13-sandbox", "(built-in demo)", "--invoke", "add",   "i32:2", "i32:3",
    "--invoke",   "fib",             "i32:20",   "--invoke", "hash",
    "i32:1000",   "--invoke",        "hello",    NULL,
};
// ANCHOR_END: demo

static void demo_notes(bool before)
{
    if (before)
        printf("host: no module given: the built-in demo "
               "(guests/wasm/modules/demo.c, compiled\nhost: to "
               "WebAssembly by clang), decoded, validated and run inside "
               "the sandbox\n");
    else
        printf("host: every line above came back through the shared "
               "buffer; the module never ran\nhost: on the host. Your own: "
               "13-sandbox MODULE.wasm --invoke EXPORT i32:N ...\n");
}

// ANCHOR: run_wasm
static int run_wasm(int argc, char **argv, bool demo)
{
    struct guest_image module = GUEST_IMAGE(wasm_demo_module);
    struct wasm_invoke *invokes = calloc(argc, sizeof(*invokes));
    const struct guest_image program = GUEST_IMAGE(guest_13_wasm);
    struct wasm_run_options options;
    struct wasm_sandbox ws;
    const char *failed_step;
    char why[512];
    int failed = 0;

    if (!invokes ||
        wasm_options_parse(argc, argv, &options, invokes, why,
                           sizeof(why)) < 0) {
        fprintf(stderr, "13-sandbox: %s — run '13-sandbox --help' for the "
                        "options\n",
                invokes ? why : "out of memory");
        free(invokes);
        return invokes ? EXIT_USAGE : EXIT_ERROR;
    }
    trace_enabled = options.trace;
    if (options.help)
        wasm_help();
    else if (!demo && wasm_module_read(options.module_path, MAX_MODULE,
                                       &module) < 0)
        failed = report_error("reading %s", options.module_path);
    else if (wasm_sandbox_create(&ws, &options, program.data, program.size,
                                 module.data, module.size, stdout, why,
                                 sizeof(why), &failed_step) < 0)
        failed = wasm_sandbox_report_create(&options, why, failed_step);
    else {
        if (demo)
            demo_notes(true);
        for (int i = 0; i < options.invoke_count && failed >= 0; i++) {
            int result = wasm_sandbox_invoke(&ws, &invokes[i]);

            failed = result < 0 ? report_error("invoking %s",
                                               invokes[i].export_name)
                                : failed | result;
        }
        wasm_sandbox_destroy(&ws);
    }
    guest_free(&module);
    free(invokes);
    return failed;
}
// ANCHOR_END: run_wasm

int main(int argc, char **argv)
{
    bool demo = argc == 1;
    int exit_code;

    for (int i = 1; i < argc; i++)
        if (!strcmp(argv[i], "--c-demo"))
            return c_demo(argc, argv);
    if (demo) {
        argv = demo_argv;
        argc = sizeof(demo_argv) / sizeof(demo_argv[0]) - 1;
    }
    exit_code = run_wasm(argc, argv, demo);
    if (demo && exit_code == EXIT_OK)
        demo_notes(false);
    return exit_code;
}
