/*
 * wasm-run - the WebAssembly interpreter (guests/wasm/) as an ordinary
 * host program, with chapter 13's command line (common/wasm_values.h):
 *
 *   wasm-run [options] MODULE.wasm [--invoke EXPORT [ARG...]]...
 *
 * No KVM here: it is the interpreter's host build, for the differential
 * conformance tests (tests/wasm/), the benchmarks and debugging. Chapter
 * 13 runs the same interpreter inside the sandbox.
 *
 * Imports from "env": print(ptr: i32, len: i32) prints linear memory
 * [ptr, ptr + len) as "guest> " lines; clock_ms() -> i64 reads a
 * monotonic clock in milliseconds. A print whose range lies outside
 * memory is refused (a "host:" line); after 100 refusals in one invoke,
 * the invoke traps with "too many refused host calls".
 *
 * Exit codes: 0 every invoke ran (traps included), 1 a module that is
 * malformed, invalid or unlinkable, or an invoke that was an error, 2 usage.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include "escape.h"
#include "wasm.h"
#include "wasm_sandbox.h"
#include "wasm_values.h"

#define PROGRAM        "wasm-run"
#define MAX_REFUSALS   100
#define INSTANCE_EXTRA (64u << 20) /* stacks, globals, table */

enum host_function { HOST_PRINT = WASM_ENV_PRINT, HOST_CLOCK_MS };

struct runner {
    struct wasm_run_options options;
    uint8_t *module_arena, *instance_arena;
    size_t module_arena_size, instance_arena_size;
    struct wasm_module *module;
    struct wasm_instance *instance;
    struct wasm_limits limits;
    unsigned refusals, host_calls;
};

static void print_help(void)
{
    wasm_print_usage(stdout, PROGRAM,
                     "Run a WebAssembly (MVP) module with KVM 101's "
                     "interpreter, on the host (no VM).",
                     "accepted and ignored here: only the sandbox has a "
                     "time limit",
                     "instantiate afresh before every invoke");
}

/* --- the imports --- */
static int resolve(void *context, const char *name, size_t length,
                   const struct wasm_functype *type, const char **why)
{
    (void)context;
    return wasm_env_resolve(name, length, type, why);
}

static const char *host_print(struct runner *r, struct wasm_instance *in,
                              uint32_t ptr, uint32_t length)
{
    const char *text = wasm_memory_range(in, ptr, length);

    if (!text) {
        printf("host: refused env.print(%u, %u): not inside linear memory "
               "(%u pages)\n",
               ptr, length, wasm_memory_pages(in));
        return ++r->refusals >= MAX_REFUSALS ? "too many refused host calls"
                                             : NULL;
    }
    wasm_print_guest_text(stdout, text, length);
    return NULL;
}

static const char *call(void *context, struct wasm_instance *in, int id,
                        const uint64_t *args, uint64_t *result)
{
    struct runner *r = context;
    struct timespec now;

    r->host_calls++;
    if (id == HOST_PRINT) {
        if (r->options.trace)
            printf("host: env.print(%u, %u)\n", (uint32_t)args[0],
                   (uint32_t)args[1]);
        return host_print(r, in, (uint32_t)args[0], (uint32_t)args[1]);
    }
    clock_gettime(CLOCK_MONOTONIC, &now);
    *result = (uint64_t)now.tv_sec * 1000 + (uint64_t)now.tv_nsec / 1000000;
    if (r->options.trace)
        printf("host: env.clock_ms() = %llu\n", (unsigned long long)*result);
    return NULL;
}

/* --- the module --- */
static uint8_t *read_file(const char *path, size_t *size)
{
    FILE *file = fopen(path, "rb");
    uint8_t *data = NULL;
    long length;

    if (!file)
        return NULL;
    if (fseek(file, 0, SEEK_END) == 0 && (length = ftell(file)) >= 0 &&
        fseek(file, 0, SEEK_SET) == 0 && (data = malloc(length + 1)) &&
        fread(data, 1, length, file) == (size_t)length) {
        *size = (size_t)length;
    } else {
        free(data);
        data = NULL;
    }
    fclose(file);
    return data;
}

static void *map(size_t size)
{
    void *p = mmap(NULL, size, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

    return p == MAP_FAILED ? NULL : p;
}

static int load(struct runner *r)
{
    struct wasm_error err;
    size_t size;
    uint8_t *bytes = read_file(r->options.module_path, &size);

    if (!bytes) {
        fprintf(stderr, PROGRAM ": %s: cannot read it\n",
                r->options.module_path);
        return -1;
    }
    /* Room for the decoded module, its internal code and the
     * validator's scratch space: a generous multiple of its size. */
    r->module_arena_size = 32 * size + (1u << 20);
    r->instance_arena_size =
        (size_t)r->options.memory_limit * WASM_PAGE_SIZE + INSTANCE_EXTRA;
    r->module_arena = map(r->module_arena_size);
    r->instance_arena = map(r->instance_arena_size);
    if (!r->module_arena || !r->instance_arena) {
        free(bytes);
        fprintf(stderr, PROGRAM ": cannot map memory for the module\n");
        return -1;
    }
    if (wasm_load(&r->module, bytes, size, r->module_arena,
                  r->module_arena_size, &err) < 0) {
        free(bytes);
        fprintf(stderr, PROGRAM ": %s: module refused: %s\n",
                r->options.module_path, err.message);
        return -1;
    }
    free(bytes); /* the module keeps what it needs in its arena */
    return 0;
}

static int instantiate(struct runner *r)
{
    struct wasm_host host = {resolve, call, r};
    struct wasm_error err;
    enum wasm_status status;

    r->refusals = 0;
    status = wasm_instantiate(&r->instance, r->module, r->instance_arena,
                              r->instance_arena_size, &r->limits, &host, &err);
    if (status == WASM_OK)
        return 0;
    fprintf(stderr, PROGRAM ": %s: %s%s\n", r->options.module_path,
            status == WASM_TRAP ? "start function trapped: " : "", err.message);
    return -1;
}

/* --- the invokes --- */
static void print_stats(const struct runner *r, const char *name,
                        double seconds)
{
    printf("host: stats: %s: fuel used %llu, host calls %u, %.3f ms\n", name,
           (unsigned long long)wasm_fuel_used(r->instance), r->host_calls,
           seconds * 1000);
}

/* Parse the invoke's arguments against the export's type; on a mismatch
 * fill `why` and return -1. */
static int parse_args(const struct wasm_invoke *request,
                      const struct wasm_functype *type, uint64_t *args,
                      char *why, size_t size)
{
    if ((uint32_t)request->arg_count != type->param_count) {
        snprintf(why, size, "it takes %u arguments, %d given",
                 type->param_count, request->arg_count);
        return -1;
    }
    for (int i = 0; i < request->arg_count; i++) {
        struct wasm_value value;
        const char *problem = NULL;

        if (wasm_value_parse(request->args[i], &value, &problem) == 0 &&
            value.type != type->params[i])
            problem = "wrong type";
        if (problem) {
            snprintf(why, size, "argument %d '%s': %s", i + 1, request->args[i],
                     problem);
            return -1;
        }
        args[i] = value.bits;
    }
    return 0;
}

/* Run one invoke and print its line. Returns 0, or -1 for an error. */
static int invoke(struct runner *r, const struct wasm_invoke *request)
{
    const char *name = request->export_name;
    const struct wasm_functype *type;
    uint64_t args[WASM_MAX_PARAMS], result = 0;
    struct wasm_value value;
    struct wasm_error err;
    struct timespec start, end;
    enum wasm_status status;
    uint32_t index;
    char line[512];

    if (wasm_find_export(r->module, name, strlen(name), &index, &type) < 0) {
        wasm_failure_line(line, sizeof(line), name, "error",
                          "no such function export");
        puts(line);
        return -1;
    }
    if (parse_args(request, type, args, err.message, sizeof(err.message)) < 0) {
        wasm_failure_line(line, sizeof(line), name, "error", err.message);
        puts(line);
        return -1;
    }
    if (r->options.reset && instantiate(r) < 0) {
        wasm_failure_line(line, sizeof(line), name, "error",
                          "the module could not be instantiated again");
        puts(line);
        return -1;
    }
    r->refusals = r->host_calls = 0;
    clock_gettime(CLOCK_MONOTONIC, &start);
    status = wasm_invoke(r->instance, index, args, &result, &err);
    clock_gettime(CLOCK_MONOTONIC, &end);
    if (status == WASM_OK && type->result_count) {
        value = (struct wasm_value){type->result, result};
        wasm_result_line(line, sizeof(line), name, &value);
    } else if (status == WASM_OK) {
        wasm_result_line(line, sizeof(line), name, NULL);
    } else {
        wasm_failure_line(line, sizeof(line), name,
                          status == WASM_TRAP ? "trap" : "error", err.message);
    }
    puts(line);
    if (r->options.stats)
        print_stats(r, name,
                    (double)(end.tv_sec - start.tv_sec) +
                        (end.tv_nsec - start.tv_nsec) / 1e9);
    return status == WASM_ERROR ? -1 : 0;
}

int main(int argc, char *argv[])
{
    struct runner r = {0};
    struct wasm_invoke *invokes = calloc(argc, sizeof(*invokes));
    char why[256];
    int failed = 0;

    if (!invokes || wasm_options_parse(argc, argv, &r.options, invokes, why,
                                       sizeof(why)) < 0) {
        fprintf(stderr, PROGRAM ": %s (--help explains)\n",
                invokes ? why : "out of memory");
        free(invokes);
        return 2;
    }
    if (r.options.help) {
        print_help();
        free(invokes);
        return 0;
    }
    r.limits = (struct wasm_limits){.max_pages = r.options.memory_limit,
                                    .fuel = r.options.fuel};
    if (load(&r) < 0 || instantiate(&r) < 0) {
        free(invokes);
        return 1;
    }
    for (int i = 0; i < r.options.invoke_count; i++)
        if (invoke(&r, &invokes[i]) < 0)
            failed = 1;
    fflush(stdout);
    munmap(r.module_arena, r.module_arena_size);
    munmap(r.instance_arena, r.instance_arena_size);
    free(invokes);
    return failed;
}
