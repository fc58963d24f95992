/*
 * env.c - the imports every embedder of the interpreter offers, module
 * "env": print(ptr, len) and clock_ms(). The host build (wasm-run) and
 * the sandbox's program (guests/13-wasm.c) resolve them here, alike.
 * Introduced in chapter 13.
 */
#include "internal.h"

int wasm_env_resolve(const char *name, size_t length,
                     const struct wasm_functype *type, const char **why)
{
    if (length == 5 && !memcmp(name, "print", 5)) {
        if (type->param_count != 2 || type->params[0] != WASM_I32 ||
            type->params[1] != WASM_I32 || type->result_count != 0) {
            *why = "print has type (i32, i32) -> ()";
            return -1;
        }
        return WASM_ENV_PRINT;
    }
    if (length == 8 && !memcmp(name, "clock_ms", 8)) {
        if (type->param_count != 0 || type->result_count != 1 ||
            type->result != WASM_I64) {
            *why = "clock_ms has type () -> i64";
            return -1;
        }
        return WASM_ENV_CLOCK_MS;
    }
    *why = "no such function (env offers print and clock_ms)";
    return -1;
}
