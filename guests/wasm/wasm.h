/*
 * wasm.h - a WebAssembly (MVP) interpreter that an embedder can put
 * anywhere: in a host program, or as a guest program inside chapter 13's
 * sandbox. This is its whole public interface.
 *
 * Freestanding C: no floating point (it builds with -mgeneral-regs-only),
 * no malloc, no global mutable state, no recursion a module controls. It
 * needs only memcpy, memset and memcmp from its embedder.
 *
 * The life of a module:
 *
 *   wasm_load()         decode and validate the binary, and translate each
 *                       function into the interpreter's internal code; all
 *                       of it in an arena the embedder gives (the bytes
 *                       may be freed afterwards)
 *   wasm_instantiate()  link its imports through the embedder's callbacks,
 *                       carve globals, table, linear memory and stacks out
 *                       of a second arena, apply data and element
 *                       segments, run the start function
 *   wasm_find_export()  a function export by name, with its type
 *   wasm_invoke()       call it: a result, a trap or an error
 *
 * Instantiating again in the same instance arena gives a fresh instance
 * (a reset) without decoding again. Nothing here needs freeing: the arenas
 * are the embedder's.
 *
 * Values cross the interface as uint64_t: an i32 in the low 32 bits (the
 * high bits are ignored on the way in and zero on the way out), an i64 as
 * its bit pattern.
 *
 * Limits (struct wasm_limits) are the embedder's: memory pages (memory.grow
 * past the cap returns -1), fuel, call depth and operand-stack slots.
 *
 * f32 and f64: the decoder and the validator know every float type and
 * instruction, but a module that uses one anywhere is refused ("uses
 * f32/f64, which this interpreter does not execute"): the guest build has
 * general registers only.
 *
 * Introduced in chapter 13.
 */
#ifndef KVM101_WASM_H
#define KVM101_WASM_H

#include <stddef.h>
#include <stdint.h>

/* Value types as the binary format encodes them. */
enum wasm_type {
    WASM_I32 = 0x7f,
    WASM_I64 = 0x7e,
    WASM_F32 = 0x7d,
    WASM_F64 = 0x7c,
};

#define WASM_PAGE_SIZE  65536u
#define WASM_MAX_PAGES  65536u /* 4 GiB: what a 32-bit address reaches */
#define WASM_MAX_PARAMS 64     /* more: the module is refused at load */

/* A function type: at most one result in the MVP. */
struct wasm_functype {
    uint32_t param_count;
    uint32_t result_count; /* 0 or 1 */
    const uint8_t *params; /* param_count enum wasm_type bytes */
    uint8_t result;        /* its type, if result_count is 1 */
};

/* Why something failed: one line, no newline. */
struct wasm_error {
    char message[160];
};

// ANCHOR: limits
/* What a module may use. Zeros mean the defaults in brackets. */
struct wasm_limits {
    uint32_t max_pages;      /* linear memory cap, 64 KiB pages [256] */
    uint64_t fuel;           /* units per invoke; 0: unlimited. One unit
                              * is spent on each call and on each branch
                              * back to a loop's start: a module cannot
                              * run for long without either */
    uint32_t max_call_depth; /* nested calls before "call stack
                              * exhausted" [1024] */
    uint32_t stack_slots;    /* operand stack (locals included), in
                              * 8-byte slots [65536] */
};
// ANCHOR_END: limits

struct wasm_module;
struct wasm_instance;

// ANCHOR: host
/*
 * The embedder's side of imports. Only module "env" may be imported from,
 * and only functions. For each import, resolve() says whether the
 * embedder has a function of that name and type: it returns an id of its
 * choosing (>= 0), or -1 and sets *why to a short reason (the module is
 * then unlinkable). call() runs it: args holds type->param_count values;
 * it stores the result (if the type has one) in *result and returns NULL,
 * or returns a trap message. It must treat every argument as hostile: a
 * pointer and a length from the module go through wasm_memory_range().
 * It must not call wasm_invoke() (the instance's stack is in use).
 */
struct wasm_host {
    int (*resolve)(void *context, const char *name, size_t name_length,
                   const struct wasm_functype *type, const char **why);
    const char *(*call)(void *context, struct wasm_instance *instance, int id,
                        const uint64_t *args, uint64_t *result);
    void *context;
};
// ANCHOR_END: host

/* Decode, validate and translate `size` bytes of a module into `arena`.
 * Returns 0 and sets *module, or -1 with err saying why (malformed,
 * invalid, uses floats, or the arena is too small). */
int wasm_load(struct wasm_module **module, const uint8_t *bytes, size_t size,
              void *arena, size_t arena_size, struct wasm_error *err);

/* The outcome of running code. */
enum wasm_status {
    WASM_OK = 0,
    WASM_TRAP = 1,  /* err says which trap, in the spec's words */
    WASM_ERROR = 2, /* not the module's fault: err says why */
};

/* Make an instance of `module` in `arena` (which must stay untouched by
 * the embedder while the instance lives; the module's arena too). Links
 * the imports (WASM_ERROR: unlinkable, with the reason), then runs the
 * start function (WASM_TRAP if it trapped). *instance is set on WASM_OK. */
enum wasm_status wasm_instantiate(struct wasm_instance **instance,
                                  const struct wasm_module *module, void *arena,
                                  size_t arena_size,
                                  const struct wasm_limits *limits,
                                  const struct wasm_host *host,
                                  struct wasm_error *err);

/* The function exported as `name`: sets *index (for wasm_invoke) and
 * *type, returns 0; -1 if there is no such function export. */
int wasm_find_export(const struct wasm_module *module, const char *name,
                     size_t name_length, uint32_t *index,
                     const struct wasm_functype **type);

/* Call function `index` with args (as many as its type has params).
 * On WASM_OK, *result holds its result, if it has one. Fuel starts
 * afresh at each invoke; memory, globals and table keep their state. */
enum wasm_status wasm_invoke(struct wasm_instance *instance, uint32_t index,
                             const uint64_t *args, uint64_t *result,
                             struct wasm_error *err);

/* The imports from module "env" that every embedder of this book offers:
 * print(i32 ptr, i32 length) and clock_ms() -> i64. A resolve() can hand
 * its names to this: it returns WASM_ENV_PRINT or WASM_ENV_CLOCK_MS, or
 * -1 with *why saying what is wrong (no such function, the wrong type). */
enum wasm_env_import { WASM_ENV_PRINT, WASM_ENV_CLOCK_MS };
int wasm_env_resolve(const char *name, size_t length,
                     const struct wasm_functype *type, const char **why);

/* For import functions: the host address of linear memory [ptr, ptr +
 * length), or NULL if any of it lies outside memory (no wrap-around). */
void *wasm_memory_range(struct wasm_instance *instance, uint32_t ptr,
                        uint32_t length);

/* Linear memory's size in pages. */
uint32_t wasm_memory_pages(const struct wasm_instance *instance);

/* What the last invoke spent: fuel units (calls + branches back to
 * loops). */
uint64_t wasm_fuel_used(const struct wasm_instance *instance);

/* The arena sizes a module needs: bytes used in its module arena. */
size_t wasm_module_arena_used(const struct wasm_module *module);

#endif
