/*
 * internal.h - what the interpreter's files share and its embedder does
 * not see: the arena, the byte reader, the decoded module, the instance
 * and the internal code that functions are translated into.
 *
 * Introduced in chapter 13.
 */
#ifndef KVM101_WASM_INTERNAL_H
#define KVM101_WASM_INTERNAL_H

#include <stdarg.h>
#include <stdbool.h>

#include "wasm.h"

/* The embedder provides these (libc on the host, guests/lib/string.c in
 * the guest). */
void *memcpy(void *destination, const void *source, size_t size);
void *memset(void *destination, int byte, size_t size);
int memcmp(const void *a, const void *b, size_t size);

/* --- errors (error.c) --- */
/* printf-like, into err->message: %s, %u (uint32_t), %U (uint64_t),
 * %x (uint32_t, hexadecimal). Returns -1, for `return error_line(...)`. */
int error_line(struct wasm_error *err, const char *format, ...);

/* --- the arena (arena.c): permanent things from the bottom, scratch
 * from the top --- */
struct arena {
    uint8_t *base;
    size_t size, low, high; /* [low, high) is free */
};

void arena_init(struct arena *arena, void *base, size_t size);
/* size bytes, 8-aligned, as they are; NULL when full. */
void *arena_reserve(struct arena *arena, uint64_t size);
/* size bytes, 8-aligned, zeroed; NULL when full. */
void *arena_alloc(struct arena *arena, size_t size);
/* count * size bytes, checking the product; NULL when full. */
void *arena_array(struct arena *arena, uint64_t count, size_t size);
/* The same, not cleared: for what is always written before it is read.
 * In the sandbox, a page never written costs nothing; the first write to
 * one costs a fault in the host. */
void *arena_array_uncleared(struct arena *arena, uint64_t count,
                            size_t size);
/* Scratch from the top, given back with arena_release(). */
void *arena_scratch(struct arena *arena, uint64_t size);
void arena_release(struct arena *arena, size_t high);

/* --- reading the binary (leb128.c) --- */
struct reader {
    const uint8_t *at, *end;
    struct wasm_error *err;
};

int read_byte(struct reader *r, uint8_t *value);
int read_u32(struct reader *r, uint32_t *value);
int read_s32(struct reader *r, int32_t *value);
int read_s64(struct reader *r, int64_t *value);
int read_bytes(struct reader *r, uint64_t count, const uint8_t **bytes);
/* A name: a length, then that many bytes of valid UTF-8. */
int read_name(struct reader *r, const uint8_t **name, uint32_t *length);
bool utf8_valid(const uint8_t *text, uint32_t length);

/* --- the decoded module --- */
#define FLOATS_REFUSED "uses f32/f64, which this interpreter does not execute"

enum extern_kind { EXTERN_FUNC, EXTERN_TABLE, EXTERN_MEMORY, EXTERN_GLOBAL };

struct limits {
    uint32_t min, max;
    bool has_max;
};

/* A constant expression: a value, or the value of an imported global. */
struct const_expr {
    bool is_global;
    uint32_t global;
    uint64_t value;
};

struct global {
    uint8_t type;
    bool mutable_;
    struct const_expr init;
};

struct import {
    const uint8_t *module, *name;
    uint32_t module_length, name_length;
    uint8_t kind;
    uint32_t type; /* EXTERN_FUNC: its type index */
};

struct export {
    const uint8_t *name;
    uint32_t name_length;
    uint8_t kind;
    uint32_t index;
};

struct element_segment {
    struct const_expr offset;
    uint32_t count;
    const uint32_t *functions;
};

struct data_segment {
    struct const_expr offset;
    uint32_t length;
    const uint8_t *bytes;
};

/* A run of locals of one type, as the code section declares them. */
struct local_run {
    uint32_t count;
    uint8_t type;
};

struct function {
    uint32_t type;         /* index into module->types */
    uint32_t param_count;  /* copied from the type, for calls */
    uint32_t local_count;  /* declared locals, not counting params */
    uint32_t frame_slots;  /* params + locals + the deepest operand stack */
    uint32_t code;         /* where its internal code starts */
    const uint8_t *body;   /* its instructions in the binary (load only) */
    const uint8_t *body_end;
    struct local_run *runs;
    uint32_t run_count;
};

struct wasm_module {
    struct arena arena;
    uint32_t type_count, import_count, function_count, global_count;
    uint32_t export_count, element_count, data_count;
    uint32_t imported_functions, imported_globals;
    struct wasm_functype *types;
    uint32_t *canonical;        /* per type: the first equal type's index */
    struct import *imports;
    struct function *functions; /* imported ones first (no code) */
    struct global *globals;     /* imported ones first */
    struct export *exports;
    struct element_segment *elements;
    struct data_segment *data;
    bool has_table, has_memory, has_start, imports_other;
    struct limits table, memory;
    uint32_t start;
    uint32_t *code; /* every function's internal code */
    uint32_t code_length;
};

/* decode.c */
int decode_module(struct wasm_module *m, const uint8_t *bytes, size_t size,
                  struct wasm_error *err);
/* validate.c: check one function's body and translate it */
int compile_function(struct wasm_module *m, uint32_t index,
                     struct wasm_error *err);
/* The type of function `index` (imported or defined). */
const struct wasm_functype *function_type(const struct wasm_module *m,
                                          uint32_t index);

/* --- the instance --- */
struct frame {
    const uint32_t *return_to;
    uint64_t *fp;
};

struct wasm_instance {
    const struct wasm_module *module;
    struct wasm_host host;
    int *host_ids;        /* per imported function */
    uint64_t *globals;
    uint32_t *table;      /* function index + 1; 0: uninitialized */
    uint32_t table_size;
    uint8_t *memory;
    uint64_t memory_size; /* bytes */
    uint32_t memory_pages, max_pages;
    uint64_t *stack, *stack_end;
    struct frame *frames;
    uint32_t max_depth;
    uint64_t fuel_limit, fuel_left;
};

/* execute.c */
enum wasm_status execute(struct wasm_instance *in, uint32_t function,
                         const uint64_t *args, uint64_t *result,
                         struct wasm_error *err);

/* --- the internal code: 32-bit words, an operation and its
 * immediates. Branch targets are word indexes into module->code. --- */
#define OPS(X)                                                                 \
    X(UNREACHABLE) X(JUMP) X(JUMP_LOOP) X(BR_UNWIND) X(BR_UNWIND_LOOP)         \
    X(BR_IF) X(BR_IF_LOOP) X(BR_IF_UNWIND) X(BR_IF_UNWIND_LOOP)                \
    X(BR_IF_LOCAL) X(BR_IF_LOCAL_LOOP) X(BR_UNLESS) X(BR_TABLE) X(RETURN)      \
    X(CALL) X(CALL_HOST) X(CALL_INDIRECT) X(HALT) X(DROP) X(SELECT)            \
    X(LOCAL_GET) X(LOCAL_SET) X(LOCAL_TEE) X(LOCAL_TEE_SET) X(GLOBAL_GET)      \
    X(GLOBAL_SET)                                                              \
    X(I32_LOAD) X(I64_LOAD) X(I32_LOAD8_S) X(I32_LOAD8_U) X(I32_LOAD16_S)      \
    X(I32_LOAD16_U) X(I64_LOAD8_S) X(I64_LOAD8_U) X(I64_LOAD16_S)              \
    X(I64_LOAD16_U) X(I64_LOAD32_S) X(I64_LOAD32_U) X(I32_STORE) X(I64_STORE)  \
    X(I32_STORE8) X(I32_STORE16) X(I64_STORE8) X(I64_STORE16) X(I64_STORE32)   \
    X(MEMORY_SIZE) X(MEMORY_GROW) X(I32_CONST) X(I64_CONST)                    \
    X(I32_EQZ) X(I32_EQ) X(I32_NE) X(I32_LT_S) X(I32_LT_U) X(I32_GT_S)         \
    X(I32_GT_U) X(I32_LE_S) X(I32_LE_U) X(I32_GE_S) X(I32_GE_U)                \
    X(I64_EQZ) X(I64_EQ) X(I64_NE) X(I64_LT_S) X(I64_LT_U) X(I64_GT_S)         \
    X(I64_GT_U) X(I64_LE_S) X(I64_LE_U) X(I64_GE_S) X(I64_GE_U)                \
    X(I32_CLZ) X(I32_CTZ) X(I32_POPCNT) X(I32_ADD) X(I32_SUB) X(I32_MUL)       \
    X(I32_DIV_S) X(I32_DIV_U) X(I32_REM_S) X(I32_REM_U) X(I32_AND) X(I32_OR)   \
    X(I32_XOR) X(I32_SHL) X(I32_SHR_S) X(I32_SHR_U) X(I32_ROTL) X(I32_ROTR)    \
    X(I64_CLZ) X(I64_CTZ) X(I64_POPCNT) X(I64_ADD) X(I64_SUB) X(I64_MUL)       \
    X(I64_DIV_S) X(I64_DIV_U) X(I64_REM_S) X(I64_REM_U) X(I64_AND) X(I64_OR)   \
    X(I64_XOR) X(I64_SHL) X(I64_SHR_S) X(I64_SHR_U) X(I64_ROTL) X(I64_ROTR)    \
    X(I32_WRAP_I64) X(I64_EXTEND_I32_S) X(I64_EXTEND_I32_U)                    \
    FUSABLE(FUSED_VARIANTS, X)

/* Superinstructions: a binary operation whose right operand is a
 * constant (NAME_IMM: i32.const c; op), a local (NAME_LOCAL: local.get
 * n; op) or whose operands are a local and a constant (NAME_LOCAL_IMM:
 * local.get n; i32.const c; op) runs as one operation, and the last two
 * may store their result in a local (..._SET: op; local.set m); the
 * third may also decide a branch forward (..._BR_IF: op; br_if, and
 * ..._BR_UNLESS: op; if): fewer dispatches, fewer stack moves. F(X, name, type, expression of a and
 * b). A branch to a loop (..._LOOP) spends fuel; one to a block does
 * not. */
#define FUSABLE(F, X)                                                          \
    F(X, I32_ADD, uint32_t, a + b) F(X, I32_SUB, uint32_t, a - b)              \
    F(X, I32_MUL, uint32_t, a * b) F(X, I32_AND, uint32_t, a & b)              \
    F(X, I32_OR, uint32_t, a | b) F(X, I32_XOR, uint32_t, a ^ b)               \
    F(X, I32_SHL, uint32_t, a << (b & 31))                                     \
    F(X, I32_SHR_S, uint32_t, (int32_t)a >> (b & 31))                          \
    F(X, I32_SHR_U, uint32_t, a >> (b & 31))                                   \
    F(X, I32_EQ, uint32_t, a == b) F(X, I32_NE, uint32_t, a != b)              \
    F(X, I32_LT_S, uint32_t, (int32_t)a < (int32_t)b)                          \
    F(X, I32_LT_U, uint32_t, a < b)                                            \
    F(X, I32_GT_S, uint32_t, (int32_t)a > (int32_t)b)                          \
    F(X, I32_GT_U, uint32_t, a > b)                                            \
    F(X, I32_LE_S, uint32_t, (int32_t)a <= (int32_t)b)                         \
    F(X, I32_LE_U, uint32_t, a <= b)                                           \
    F(X, I32_GE_S, uint32_t, (int32_t)a >= (int32_t)b)                         \
    F(X, I32_GE_U, uint32_t, a >= b)                                           \
    F(X, I64_ADD, uint64_t, a + b) F(X, I64_SUB, uint64_t, a - b)              \
    F(X, I64_MUL, uint64_t, a * b) F(X, I64_AND, uint64_t, a & b)              \
    F(X, I64_OR, uint64_t, a | b) F(X, I64_XOR, uint64_t, a ^ b)               \
    F(X, I64_SHL, uint64_t, a << (b & 63))                                     \
    F(X, I64_SHR_S, uint64_t, (int64_t)a >> (b & 63))                          \
    F(X, I64_SHR_U, uint64_t, a >> (b & 63))                                   \
    F(X, I64_EQ, uint64_t, a == b) F(X, I64_NE, uint64_t, a != b)              \
    F(X, I64_LT_S, uint64_t, (int64_t)a < (int64_t)b)                          \
    F(X, I64_LT_U, uint64_t, a < b)                                            \
    F(X, I64_GT_S, uint64_t, (int64_t)a > (int64_t)b)                          \
    F(X, I64_GT_U, uint64_t, a > b)                                            \
    F(X, I64_GE_U, uint64_t, a >= b)
#define FUSED_VARIANTS(X, name, type, expression)                              \
    X(name##_IMM) X(name##_LOCAL) X(name##_LOCAL_IMM) X(name##_LOCAL_SET)      \
    X(name##_LOCAL_IMM_SET) X(name##_LOCAL_IMM_BR_IF)                          \
    X(name##_LOCAL_IMM_BR_UNLESS)
#define FUSED_COUNT 7 /* variants of each */
#define OP_FIRST_FUSED OP_I32_ADD_IMM

#define OP_ENUM(name) OP_##name,
enum op { OPS(OP_ENUM) OP_COUNT };
#undef OP_ENUM

#endif
