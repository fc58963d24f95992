/*
 * Exercise 13.4 (easy): add a host import.
 *
 * A module's imports are the embedder's to offer: it resolves each by
 * name and type, and is called back when the module calls one (struct
 * wasm_host, guests/wasm/wasm.h). Every embedder in this book offers
 * env.print and env.clock_ms through wasm_env_resolve(). Add a third:
 * env.max(i32, i32) -> i32, the larger of its two arguments, compared as
 * signed numbers. exercise_resolve() must return EXERCISE_MAX for "max"
 * with exactly that type, and refuse it (-1, and a reason in *why) with
 * any other; exercise_call() runs it when id is EXERCISE_MAX.
 *
 * The test runs a module that imports env.max in the interpreter's host
 * build (chapter 13's sandbox program resolves imports the same way, in
 * guests/13-wasm.c, but the test must not rebuild a guest).
 *
 * Hint: an i32 argument arrives in the low 32 bits of a uint64_t: cast
 * it to int32_t before comparing. Look at how wasm_env_resolve() checks
 * print's type (guests/wasm/env.c).
 *
 * Book: book/13-sandbox.md, "Part 2: WebAssembly inside the sandbox".
 * Check: make ex EX=13.4
 */
#include <stdint.h>
#include <string.h>

#include "wasm.h"

#define EXERCISE_MAX 2 /* after WASM_ENV_PRINT and WASM_ENV_CLOCK_MS */

int exercise_resolve(void *context, const char *name, size_t length,
                     const struct wasm_functype *type, const char **why)
{
    (void)context;
    /* your code here: "max" */
    return wasm_env_resolve(name, length, type, why);
}

const char *exercise_call(void *context, struct wasm_instance *instance,
                          int id, const uint64_t *args, uint64_t *result)
{
    (void)context;
    (void)instance;
    (void)id;
    (void)args;
    (void)result;
    return "env.max is not written yet"; /* your code here */
}
