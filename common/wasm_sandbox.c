/*
 * wasm_sandbox.c - untrusted WebAssembly in chapter 13's sandbox.
 * Introduced in chapter 13.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clock.h"
#include "escape.h"
#include "report.h"
#include "wasm_abi.h"
#include "wasm_sandbox.h"

#define PAGE 4096u
#define WASM_PAGE 65536u
/* Room in the heap for what an instance needs besides its memory: the
 * operand stack (65536 slots of 8 bytes), call frames, globals, a table. */
#define INSTANCE_EXTRA (4u << 20)
#define PROGRAM_ROOM (1u << 20) /* the interpreter's own pages */
#define MAX_MEMORY (256ull << 20) /* what sandbox.c allows */

static uint64_t round_up(uint64_t value, uint64_t to)
{
    return (value + to - 1) / to * to;
}

void wasm_print_guest_text(FILE *out, const char *text, size_t length)
{
    while (length > 0) {
        const char *newline = memchr(text, '\n', length);
        size_t line = newline ? (size_t)(newline - text) : length;

        fputs("guest> ", out);
        escape_write(out, text, line);
        fputc('\n', out);
        line += newline != NULL;
        text += line;
        length -= line;
    }
}

// ANCHOR: host_functions
/* env.print's text, already in the shared buffer and checked. */
static int64_t host_print(void *context, const struct sandbox_args *args)
{
    struct wasm_sandbox *ws = context;

    ws->host_calls++;
    if (ws->options->trace)
        fprintf(ws->out, "host: env.print: %llu bytes\n",
                (unsigned long long)args->length);
    wasm_print_guest_text(ws->out, (const char *)args->data, args->length);
    return (int64_t)args->length;
}

static int64_t host_clock_ms(void *context, const struct sandbox_args *args)
{
    struct wasm_sandbox *ws = context;
    struct timespec now;

    (void)args;
    ws->host_calls++;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (int64_t)now.tv_sec * 1000 + now.tv_nsec / 1000000;
}

/* env.print with a range outside linear memory: the guest's interpreter
 * found it; the host says so and refuses, so that the sandbox counts it
 * (max_refusals end the invoke). Only numbers cross. */
static int64_t host_refused(void *context, const struct sandbox_args *args)
{
    struct wasm_sandbox *ws = context;

    ws->host_calls++;
    fprintf(ws->out, "host: refused env.print(%u, %u): not inside linear "
                     "memory (%u pages)\n",
            (uint32_t)args->arg[0], (uint32_t)args->arg[1],
            (uint32_t)args->arg[2]);
    return SANDBOX_REFUSED;
}

static const struct sandbox_function host_functions[WASM_HOST_FUNCTIONS] = {
    [WASM_HOST_PRINT] = {"print", true, host_print},
    [WASM_HOST_CLOCK_MS] = {"clock_ms", false, host_clock_ms},
    [WASM_HOST_REFUSED] = {"refused", false, host_refused},
};
// ANCHOR_END: host_functions

/* The start-up input: the header, then the module. */
static uint8_t *start_input(const struct wasm_run_options *options,
                            const uint8_t *module, size_t size,
                            uint64_t module_arena)
{
    struct wasm_start start = {
        .module_arena = module_arena,
        .fuel = options->fuel,
        .max_pages = options->memory_limit,
        .module_size = (uint32_t)size,
    };
    uint8_t *input = malloc(sizeof(start) + size);

    if (input) {
        memcpy(input, &start, sizeof(start));
        memcpy(input + sizeof(start), module, size);
    }
    return input;
}

/* The guest's words, escaped, into buffer. */
static void escaped(char *buffer, size_t size, const char *text,
                    size_t length)
{
    FILE *out = fmemopen(buffer, size, "w");

    buffer[0] = '\0';
    if (out) {
        escape_write(out, text, length);
        fclose(out);
    }
}

/* Say why start-up failed, from what the guest returned (or, if it
 * never returned, from the sandbox: `step`). */
static void start_failure(const struct sandbox_init *init, const char *step,
                          char *why, size_t size)
{
    /* The interpreter's unlinkable messages say "unlinkable:" already. */
    const char *kind = init->value == WASM_START_REFUSED    ? "module refused: "
                       : init->value == WASM_START_UNLINKABLE ? ""
                       : init->value == WASM_START_TRAPPED
                           ? "start function trapped: "
                           : NULL;
    char message[4 * SANDBOX_INIT_MESSAGE_MAX + 1];

    if (!kind) {
        snprintf(why, size, "start-up failed: %s", step);
        return;
    }
    escaped(message, sizeof(message), init->message, init->length);
    snprintf(why, size, "%s%s", kind, message); /* the guest's words */
}

// ANCHOR: create
int wasm_sandbox_create(struct wasm_sandbox *ws,
                        const struct wasm_run_options *options,
                        const uint8_t *program, size_t program_size,
                        const uint8_t *module, size_t module_size,
                        FILE *out, char *why, size_t why_size,
                        const char **failed_step)
{
    struct sandbox_config config = sandbox_defaults();
    uint64_t module_arena = round_up(32 * (uint64_t)module_size, PAGE) +
                            (1u << 20);
    uint64_t heap = module_arena + (uint64_t)options->memory_limit * WASM_PAGE +
                    INSTANCE_EXTRA;
    struct sandbox_init init;
    uint8_t *input;
    int result;

    *ws = (struct wasm_sandbox){.options = options, .out = out};
    *failed_step = "the module and its memory";
    config.memory_size = SANDBOX_PROGRAM + PROGRAM_ROOM + heap +
                         SANDBOX_STACK_SIZE;
    config.shared_size = round_up(sizeof(struct wasm_start) + module_size,
                                  PAGE) + 2 * SANDBOX_WRITE_MAX;
    if (config.shared_size < (64u << 10))
        config.shared_size = 64u << 10;
    if (config.memory_size > MAX_MEMORY ||
        config.shared_size > SANDBOX_SHARED_MAX) {
        errno = EFBIG;
        return -1;
    }
    /* Start-up (decoding, validating, the start function) gets the
     * default time limit at least: --timeout is each invoke's, and a
     * short one must not fail a slow host's start-up. */
    config.timeout = options->timeout > WASM_DEFAULT_TIMEOUT
                         ? options->timeout
                         : WASM_DEFAULT_TIMEOUT;
    config.functions = host_functions;
    config.function_count = WASM_HOST_FUNCTIONS;
    config.context = ws;
    input = start_input(options, module, module_size, module_arena);
    if (!input)
        return -1;
    config.init_input = input;
    config.init_input_length = sizeof(struct wasm_start) + module_size;
    result = sandbox_create(&ws->sandbox, &config, program, program_size,
                            &init, failed_step);
    free(input);
    if (result < 0 && errno == ECANCELED)
        start_failure(&init, *failed_step, why, why_size);
    if (result == 0 && sandbox_set_timeout(ws->sandbox, options->timeout) < 0) {
        *failed_step = "the time limit";
        wasm_sandbox_destroy(ws);
        return -1;
    }
    return result;
}
// ANCHOR_END: create

void wasm_sandbox_destroy(struct wasm_sandbox *ws)
{
    sandbox_destroy(ws->sandbox);
    ws->sandbox = NULL;
}

int wasm_sandbox_report_create(const struct wasm_run_options *options,
                               const char *why, const char *failed_step)
{
    if (errno == ECANCELED)
        return report_problem(NULL, "%s: %s", options->module_path, why);
    if (errno == EFBIG)
        return report_problem("lower --memory-limit", "the module and its "
                              "memory do not fit a sandbox");
    return report_error("%s", failed_step); /* 77: no KVM */
}

int wasm_module_read(const char *path, size_t max_size,
                     struct guest_image *module)
{
    if (guest_read_file(path, max_size, module) == 0)
        return 0;
    if (errno != ENOEXEC)
        return -1;
    *module = (struct guest_image){(const uint8_t *)"", 0, NULL};
    return 0;
}

/* Print "EXPORT: KIND: MESSAGE". */
static void failure(struct wasm_sandbox *ws, const char *name,
                    const char *kind, const char *message)
{
    char line[512];

    wasm_failure_line(line, sizeof(line), name, kind, message);
    fprintf(ws->out, "%s\n", line);
}

/* The request: typed arguments, then the export's name. Returns its
 * size, or 0 after printing the invoke's error line. */
static size_t build_request(struct wasm_sandbox *ws,
                            const struct wasm_invoke *invoke, uint8_t *buffer,
                            size_t size)
{
    struct wasm_request request = {0};
    size_t name_length = strlen(invoke->export_name);
    char why[256];

    if (invoke->arg_count > WASM_MAX_ARGS ||
        sizeof(request) + name_length > size) {
        failure(ws, invoke->export_name, "error", "too many arguments, or "
                                                  "too long a name");
        return 0;
    }
    request.name_length = (uint32_t)name_length;
    request.arg_count = (uint32_t)invoke->arg_count;
    for (int i = 0; i < invoke->arg_count; i++) {
        struct wasm_value value;
        const char *problem;

        if (wasm_value_parse(invoke->args[i], &value, &problem) < 0) {
            snprintf(why, sizeof(why), "argument %d '%s': %s", i + 1,
                     invoke->args[i], problem);
            failure(ws, invoke->export_name, "error", why);
            return 0;
        }
        request.types[i] = value.type;
        request.args[i] = value.bits;
    }
    memcpy(buffer, &request, sizeof(request));
    memcpy(buffer + sizeof(request), invoke->export_name, name_length);
    return sizeof(request) + name_length;
}

/* Is the guest's reply one we can believe the shape of? */
static bool reply_sound(const struct sandbox_result *result,
                        const struct wasm_invoke *invoke,
                        struct wasm_reply *reply)
{
    if (result->length != sizeof(*reply))
        return false;
    memcpy(reply, result->data, sizeof(*reply));
    return reply->status <= WASM_REPLY_ERROR &&
           reply->message_length <= WASM_MESSAGE_MAX &&
           reply->bad_arg <= (uint32_t)invoke->arg_count &&
           (!reply->has_result || reply->result_type == WASM_VALUE_I32 ||
            reply->result_type == WASM_VALUE_I64);
}

/* Print the reply's line. Returns 0, or 1 for an error line. */
static int print_reply(struct wasm_sandbox *ws,
                       const struct wasm_invoke *invoke,
                       const struct wasm_reply *reply)
{
    const char *name = invoke->export_name;
    struct wasm_value value = {(uint8_t)reply->result_type, reply->result};
    char line[512], message[4 * WASM_MESSAGE_MAX + 1], why[256];

    if (reply->status == WASM_REPLY_OK) {
        if (value.type == WASM_VALUE_I32)
            value.bits = (uint32_t)value.bits;
        wasm_result_line(line, sizeof(line), name,
                         reply->has_result ? &value : NULL);
        fprintf(ws->out, "%s\n", line);
        return 0;
    }
    if (reply->bad_arg) {
        snprintf(why, sizeof(why), "argument %u '%s': wrong type",
                 reply->bad_arg, invoke->args[reply->bad_arg - 1]);
        failure(ws, name, "error", why);
        return 1;
    }
    escaped(message, sizeof(message), reply->message, reply->message_length);
    failure(ws, name, reply->status == WASM_REPLY_TRAP ? "trap" : "error", message);
    return reply->status == WASM_REPLY_ERROR;
}

static int reset(struct wasm_sandbox *ws)
{
    struct sandbox_reset_stats stats;
    double start = clock_now();

    if (sandbox_reset(ws->sandbox, &stats) < 0)
        return -1;
    if (ws->options->stats)
        fprintf(ws->out, "host: stats: reset: %ld pages put back, %.0f us\n",
                stats.pages, (clock_now() - start) * 1e6);
    return 0;
}

// ANCHOR: invoke
int wasm_sandbox_invoke(struct wasm_sandbox *ws,
                        const struct wasm_invoke *invoke)
{
    uint8_t request[sizeof(struct wasm_request) + 4096];
    size_t size = build_request(ws, invoke, request, sizeof(request));
    struct sandbox_result result;
    struct wasm_reply reply;
    double start;
    int code;

    if (size == 0)
        return 1;
    if (sandbox_needs_reset(ws->sandbox) && ws->options->reset &&
        reset(ws) < 0)
        return -1;
    ws->host_calls = 0;
    start = clock_now();
    if (sandbox_call(ws->sandbox, WASM_CALL_INVOKE, 0, request, size,
                     &result) < 0)
        return -1;
    if (result.status == SANDBOX_OK && reply_sound(&result, invoke, &reply))
        code = print_reply(ws, invoke, &reply);
    else { /* the sandbox's own trap: the instance goes back */
        failure(ws, invoke->export_name, "trap",
                result.status == SANDBOX_OK
                    ? sandbox_status_text(SANDBOX_CRASHED)
                    : sandbox_status_text(result.status));
        if (result.status == SANDBOX_OK)
            sandbox_poison(ws->sandbox); /* a reply of the wrong shape */
        if (reset(ws) < 0)
            return -1;
        fprintf(ws->out, "host: sandbox restored from its snapshot\n");
        code = 0;
        reply.fuel_used = 0;
    }
    if (ws->options->stats)
        fprintf(ws->out, "host: stats: %s: fuel used %llu, host calls %lu, "
                         "exits %lu, %.3f ms\n",
                invoke->export_name, (unsigned long long)reply.fuel_used,
                ws->host_calls, result.exits, (clock_now() - start) * 1e3);
    return code;
}
// ANCHOR_END: invoke
