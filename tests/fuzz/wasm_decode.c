/*
 * tests/fuzz/wasm_decode.c - libFuzzer harness for the WebAssembly
 * interpreter's decoder and validator (guests/wasm/), host build.
 *
 * Each input is a module. It is loaded into an arena that is its own
 * allocation of exactly its size, so AddressSanitizer reports any byte
 * touched outside it. What the harness asserts, beyond no crash and no
 * sanitizer report:
 *
 *   - a refused module comes with a one-line reason (not empty, no
 *     newline);
 *   - a loaded module instantiates or is refused with a reason, and then
 *     every exported function can be called with zero arguments under
 *     small limits (fuel, call depth, one page) without escaping them:
 *     the translation that validation produced must be safe to run.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define ARENA_EXTRA    (256u << 10)
#define INSTANCE_ARENA (2u << 20)

static void fail_with(const char *what, const char *message)
{
    fprintf(stderr, "fuzz/wasm_decode: %s: %s\n", what, message);
    abort();
}

static void check_message(const struct wasm_error *err, const char *what)
{
    if (!err->message[0] || strchr(err->message, '\n'))
        fail_with(what, "no one-line reason");
}

static int resolve(void *context, const char *name, size_t length,
                   const struct wasm_functype *type, const char **why)
{
    (void)context, (void)name, (void)type;
    if (length % 2) {
        *why = "odd names are not offered";
        return -1;
    }
    return (int)length;
}

static const char *call(void *context, struct wasm_instance *in, int id,
                        const uint64_t *args, uint64_t *result)
{
    (void)context, (void)id;
    *result = 0;
    wasm_memory_range(in, (uint32_t)args[0], 16);
    return NULL;
}

static void run_exports(const struct wasm_module *m, uint8_t *arena)
{
    static const struct wasm_limits limits = {.max_pages = 2,
                                              .fuel = 10000,
                                              .max_call_depth = 64,
                                              .stack_slots = 4096};
    struct wasm_host host = {resolve, call, NULL};
    struct wasm_instance *in;
    struct wasm_error err;
    uint64_t args[WASM_MAX_PARAMS] = {0}, result;

    if (wasm_instantiate(&in, m, arena, INSTANCE_ARENA, &limits, &host, &err) !=
        WASM_OK) {
        check_message(&err, "instantiate");
        return;
    }
    for (uint32_t i = 0; i < m->export_count; i++) {
        if (m->exports[i].kind != EXTERN_FUNC)
            continue;
        if (wasm_invoke(in, m->exports[i].index, args, &result, &err) !=
            WASM_OK)
            check_message(&err, "invoke");
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t arena_size = 16 * size + ARENA_EXTRA;
    uint8_t *arena = malloc(arena_size), *instance = malloc(INSTANCE_ARENA);
    struct wasm_module *m;
    struct wasm_error err;

    if (!arena || !instance)
        fail_with("setup", "out of memory");
    if (wasm_load(&m, data, size, arena, arena_size, &err) < 0)
        check_message(&err, "load");
    else
        run_exports(m, instance);
    free(arena);
    free(instance);
    return 0;
}
