/*
 * execute.c - the interpreter proper: one loop over the internal code
 * that validate.c made. Locals and operands share one stack of 64-bit
 * slots; a function's frame starts at fp with its params (the caller's
 * top operands, left where they are), then its locals, then its operands.
 *
 * Dispatch is "computed goto" (a GNU C extension): each operation ends by
 * jumping straight to the next one's code through a table of label
 * addresses, which the processor predicts better than one shared switch.
 *
 * Every check that protects the embedder is here and explicit: memory
 * accesses against the memory's size (no guard pages), calls against
 * the call depth and the stack's end, call_indirect against the table
 * and the type.
 *
 * Introduced in chapter 13.
 */
#include "internal.h"

#define TRAP_DIVIDE_BY_ZERO "integer divide by zero"
#define TRAP_OVERFLOW       "integer overflow"
#define TRAP_OUT_OF_BOUNDS  "out of bounds memory access"
#define TRAP_EXHAUSTED      "call stack exhausted"

static uint32_t popcount64(uint64_t x)
{
    uint32_t n = 0;

    for (; x; x &= x - 1)
        n++;
    return n;
}

static uint32_t clz32(uint32_t x)
{
    return x ? (uint32_t)__builtin_clz(x) : 32;
}

static uint32_t ctz32(uint32_t x)
{
    return x ? (uint32_t)__builtin_ctz(x) : 32;
}

static uint64_t clz64(uint64_t x)
{
    return x ? (uint64_t)__builtin_clzll(x) : 64;
}

static uint64_t ctz64(uint64_t x)
{
    return x ? (uint64_t)__builtin_ctzll(x) : 64;
}

static uint32_t rotl32(uint32_t x, uint32_t n)
{
    n &= 31;
    return (x << n) | (x >> ((32 - n) & 31));
}

static uint64_t rotl64(uint64_t x, uint64_t n)
{
    n &= 63;
    return (x << n) | (x >> ((64 - n) & 63));
}

/* memory.grow: the old size in pages, or -1 past the cap. */
static uint32_t grow(struct wasm_instance *in, uint32_t pages)
{
    uint32_t old = in->memory_pages;

    if (pages > in->max_pages - old)
        return UINT32_MAX;
    memset(in->memory + (uint64_t)old * WASM_PAGE_SIZE, 0,
           (uint64_t)pages * WASM_PAGE_SIZE);
    in->memory_pages += pages;
    in->memory_size = (uint64_t)in->memory_pages * WASM_PAGE_SIZE;
    return old;
}

/* Operation bodies, so that the loop below reads as a table. */
#define NEXT  goto *labels[*ip++]
#define POP() (*--sp)
#define TRAP(message)                                                          \
    do {                                                                       \
        error_line(err, "%s", message);                                        \
        goto trapped;                                                          \
    } while (0)

/* Calls and branches back to a loop spend fuel: the only ways to run
 * for long. */
#define SPEND_FUEL                                                             \
    if (fuel-- == 0)                                                           \
        goto out_of_fuel;

#define I32_BINARY(name, expression)                                           \
    do_##name:                                                                 \
    {                                                                          \
        uint32_t b = (uint32_t)sp[-1], a = (uint32_t)sp[-2];                   \
        (void)a, (void)b;                                                      \
        sp--;                                                                  \
        sp[-1] = (uint32_t)(expression);                                       \
        NEXT;                                                                  \
    }
#define I64_BINARY(name, expression)                                           \
    do_##name:                                                                 \
    {                                                                          \
        uint64_t b = sp[-1], a = sp[-2];                                       \
        sp--;                                                                  \
        sp[-1] = (uint64_t)(expression);                                       \
        NEXT;                                                                  \
    }
#define I32_UNARY(name, expression)                                            \
    do_##name:                                                                 \
    {                                                                          \
        uint32_t a = (uint32_t)sp[-1];                                         \
        sp[-1] = (uint32_t)(expression);                                       \
        NEXT;                                                                  \
    }
#define I64_UNARY(name, expression)                                            \
    do_##name:                                                                 \
    {                                                                          \
        uint64_t a = sp[-1];                                                   \
        sp[-1] = (uint64_t)(expression);                                       \
        NEXT;                                                                  \
    }

// ANCHOR: bounds_check
/* A load: the effective address is a 33-bit sum in 64 bits, so it cannot
 * wrap; the access must end inside memory. */
#define LOAD(name, type, result)                                               \
    do_##name:                                                                 \
    {                                                                          \
        uint64_t address = (uint64_t)(uint32_t)sp[-1] + *ip++;                 \
        type value;                                                            \
        if (address + sizeof(type) > memory_size)                              \
            TRAP(TRAP_OUT_OF_BOUNDS);                                          \
        __builtin_memcpy(&value, memory + address, sizeof(type));              \
        sp[-1] = (result);                                                     \
        NEXT;                                                                  \
    }
// ANCHOR_END: bounds_check
#define STORE(name, type)                                                      \
    do_##name:                                                                 \
    {                                                                          \
        uint64_t address = (uint64_t)(uint32_t)sp[-2] + *ip++;                 \
        type value = (type)sp[-1];                                             \
        if (address + sizeof(type) > memory_size)                              \
            TRAP(TRAP_OUT_OF_BOUNDS);                                          \
        __builtin_memcpy(memory + address, &value, sizeof(type));              \
        sp -= 2;                                                               \
        NEXT;                                                                  \
    }

/* A branch that moves the label's value (if any) down to the height the
 * label wants: entry[0] is the target, entry[1] the height. */
#define UNWIND(entry, arity)                                                   \
    do {                                                                       \
        uint64_t *to = fp + (entry)[1];                                        \
        if (arity)                                                             \
            *to = sp[-1];                                                      \
        sp = to + (arity);                                                     \
        ip = code + (entry)[0];                                                \
    } while (0)

/* The superinstructions (internal.h): an immediate is one word for an
 * i32, two for an i64. */
#define IMMEDIATE(type, at)                                                    \
    (sizeof(type) == 8 ? (at)[0] | (uint64_t)(at)[1] << 32 : (at)[0])
#define FUSED_BODIES(X, name, type, expression)                                \
    do_##name##_IMM:                                                           \
    {                                                                          \
        type a = (type)sp[-1], b = (type)IMMEDIATE(type, ip);                  \
        ip += sizeof(type) / 4;                                                \
        sp[-1] = (type)(expression);                                           \
        NEXT;                                                                  \
    }                                                                          \
    do_##name##_LOCAL:                                                         \
    {                                                                          \
        type a = (type)sp[-1], b = (type)fp[*ip++];                            \
        sp[-1] = (type)(expression);                                           \
        NEXT;                                                                  \
    }                                                                          \
    do_##name##_LOCAL_IMM:                                                     \
    {                                                                          \
        type a = (type)fp[ip[0]], b = (type)IMMEDIATE(type, ip + 1);           \
        ip += 1 + sizeof(type) / 4;                                            \
        *sp++ = (type)(expression);                                            \
        NEXT;                                                                  \
    }                                                                          \
    do_##name##_LOCAL_SET:                                                     \
    {                                                                          \
        type a = (type)sp[-1], b = (type)fp[ip[0]];                            \
        sp--;                                                                  \
        fp[ip[1]] = (type)(expression);                                        \
        ip += 2;                                                               \
        NEXT;                                                                  \
    }                                                                          \
    do_##name##_LOCAL_IMM_SET:                                                 \
    {                                                                          \
        type a = (type)fp[ip[0]], b = (type)IMMEDIATE(type, ip + 1);           \
        fp[ip[1 + sizeof(type) / 4]] = (type)(expression);                     \
        ip += 2 + sizeof(type) / 4;                                            \
        NEXT;                                                                  \
    }                                                                          \
    do_##name##_LOCAL_IMM_BR_IF:                                               \
    {                                                                          \
        type a = (type)fp[ip[0]], b = (type)IMMEDIATE(type, ip + 1);           \
        if ((type)(expression) != 0)                                           \
            ip = code + ip[1 + sizeof(type) / 4];                              \
        else                                                                   \
            ip += 2 + sizeof(type) / 4;                                        \
        NEXT;                                                                  \
    }                                                                          \
    do_##name##_LOCAL_IMM_BR_UNLESS:                                           \
    {                                                                          \
        type a = (type)fp[ip[0]], b = (type)IMMEDIATE(type, ip + 1);           \
        if ((type)(expression) != 0)                                           \
            ip += 2 + sizeof(type) / 4;                                        \
        else                                                                   \
            ip = code + ip[1 + sizeof(type) / 4];                              \
        NEXT;                                                                  \
    }

#define LABEL_ADDRESS(name) &&do_##name,

enum wasm_status execute(struct wasm_instance *in, uint32_t function,
                         const uint64_t *args, uint64_t *result,
                         struct wasm_error *err)
{
    static const void *const labels[OP_COUNT] = {OPS(LABEL_ADDRESS)};
    const struct wasm_module *m = in->module;
    const struct wasm_functype *type = function_type(m, function);
    const uint32_t *code = m->code;
    const struct function *functions = m->functions;
    /* The outermost call, as code: call the function, then stop. */
    const uint32_t entry[] = {function < m->imported_functions ? OP_CALL_HOST
                                                               : OP_CALL,
                              function, OP_HALT};
    const uint32_t *ip = entry;
    uint64_t *fp = in->stack, *sp = in->stack;
    uint64_t *globals = in->globals;
    uint8_t *memory = in->memory;
    uint64_t memory_size = in->memory_size;
    uint64_t fuel = in->fuel_limit ? in->fuel_limit : UINT64_MAX;
    uint32_t depth = 0, callee;
    /* In locals, so that the compiler can keep them in registers. */
    struct frame *frames = in->frames;
    const uint64_t *stack_end = in->stack_end;
    const uint32_t max_depth = in->max_depth;

    for (uint32_t i = 0; i < type->param_count; i++)
        *sp++ = type->params[i] == WASM_I32 ? (uint32_t)args[i] : args[i];
    NEXT;

    // ANCHOR: calls
do_CALL:
    callee = *ip++;
call_function : {
    const struct function *f = &functions[callee];
    uint64_t *frame = sp - f->param_count;

    SPEND_FUEL
    if (depth == max_depth || (uint64_t)(stack_end - frame) < f->frame_slots)
        TRAP(TRAP_EXHAUSTED);
    frames[depth].return_to = ip;
    frames[depth].fp = fp;
    depth++;
    fp = frame;
    for (uint32_t i = f->local_count; i > 0; i--)
        *sp++ = 0;
    ip = code + f->code;
    NEXT;
}
do_RETURN : {
    uint32_t arity = *ip;

    if (arity)
        fp[0] = sp[-1];
    sp = fp + arity;
    depth--;
    ip = frames[depth].return_to;
    fp = frames[depth].fp;
    NEXT;
}
    // ANCHOR_END: calls
do_CALL_HOST:
    callee = *ip++;
call_host : {
    const struct wasm_functype *t = function_type(m, callee);
    uint64_t value = 0;
    const char *trap;

    SPEND_FUEL
    sp -= t->param_count;
    trap =
        in->host.call(in->host.context, in, in->host_ids[callee], sp, &value);
    if (trap)
        TRAP(trap);
    if (t->result_count)
        *sp++ = t->result == WASM_I32 ? (uint32_t)value : value;
    NEXT;
}
do_CALL_INDIRECT : {
    uint32_t expected = *ip++, element = (uint32_t)POP();

    if (element >= in->table_size)
        TRAP("undefined element");
    if (in->table[element] == 0)
        TRAP("uninitialized element");
    callee = in->table[element] - 1;
    if (m->canonical[functions[callee].type] != expected)
        TRAP("indirect call type mismatch");
    if (callee < m->imported_functions)
        goto call_host;
    goto call_function;
}
do_HALT:
    if (type->result_count)
        *result = type->result == WASM_I32 ? (uint32_t)sp[-1] : sp[-1];
    in->fuel_left = fuel;
    return WASM_OK;
do_UNREACHABLE:
    TRAP("unreachable");
do_JUMP_LOOP:
    SPEND_FUEL
do_JUMP:
    ip = code + *ip;
    NEXT;
do_BR_UNWIND_LOOP:
    SPEND_FUEL
do_BR_UNWIND:
    UNWIND(ip, ip[2]);
    NEXT;
do_BR_IF:
    if ((uint32_t)POP())
        ip = code + *ip;
    else
        ip++;
    NEXT;
do_BR_IF_LOOP:
    if ((uint32_t)POP()) {
        SPEND_FUEL
        ip = code + *ip;
    } else {
        ip++;
    }
    NEXT;
do_BR_IF_LOCAL:
    if ((uint32_t)fp[ip[0]])
        ip = code + ip[1];
    else
        ip += 2;
    NEXT;
do_BR_IF_LOCAL_LOOP:
    if ((uint32_t)fp[ip[0]]) {
        SPEND_FUEL
        ip = code + ip[1];
    } else {
        ip += 2;
    }
    NEXT;
do_BR_IF_UNWIND:
    if ((uint32_t)POP())
        UNWIND(ip, ip[2]);
    else
        ip += 3;
    NEXT;
do_BR_IF_UNWIND_LOOP:
    if ((uint32_t)POP()) {
        SPEND_FUEL
        UNWIND(ip, ip[2]);
    } else {
        ip += 3;
    }
    NEXT;
do_BR_UNLESS:
    if ((uint32_t)POP())
        ip++;
    else
        ip = code + *ip;
    NEXT;
do_BR_TABLE : {
    uint32_t count = ip[0], arity = ip[1], index = (uint32_t)POP();

    if (index > count)
        index = count;
    if (ip[2 + 2 * index] <= (uint32_t)(ip - code)) /* back to a loop */
        SPEND_FUEL
    UNWIND(ip + 2 + 2 * index, arity);
    NEXT;
}
do_DROP:
    sp--;
    NEXT;
do_SELECT:
    sp -= 2;
    if (!(uint32_t)sp[1])
        sp[-1] = sp[0];
    NEXT;
do_LOCAL_GET:
    *sp++ = fp[*ip++];
    NEXT;
do_LOCAL_SET:
    fp[*ip++] = *--sp;
    NEXT;
do_LOCAL_TEE:
    fp[*ip++] = sp[-1];
    NEXT;
do_LOCAL_TEE_SET:
    fp[ip[0]] = sp[-1];
    fp[ip[1]] = *--sp;
    ip += 2;
    NEXT;
do_GLOBAL_GET:
    *sp++ = globals[*ip++];
    NEXT;
do_GLOBAL_SET:
    globals[*ip++] = *--sp;
    NEXT;
    LOAD(I32_LOAD, uint32_t, value)
    LOAD(I64_LOAD, uint64_t, value)
    LOAD(I32_LOAD8_S, int8_t, (uint32_t)(int32_t)value)
    LOAD(I32_LOAD8_U, uint8_t, value)
    LOAD(I32_LOAD16_S, int16_t, (uint32_t)(int32_t)value)
    LOAD(I32_LOAD16_U, uint16_t, value)
    LOAD(I64_LOAD8_S, int8_t, (uint64_t)(int64_t)value)
    LOAD(I64_LOAD8_U, uint8_t, value)
    LOAD(I64_LOAD16_S, int16_t, (uint64_t)(int64_t)value)
    LOAD(I64_LOAD16_U, uint16_t, value)
    LOAD(I64_LOAD32_S, int32_t, (uint64_t)(int64_t)value)
    LOAD(I64_LOAD32_U, uint32_t, value)
    STORE(I32_STORE, uint32_t)
    STORE(I64_STORE, uint64_t)
    STORE(I32_STORE8, uint8_t)
    STORE(I32_STORE16, uint16_t)
    STORE(I64_STORE8, uint8_t)
    STORE(I64_STORE16, uint16_t)
    STORE(I64_STORE32, uint32_t)
do_MEMORY_SIZE:
    *sp++ = in->memory_pages;
    NEXT;
do_MEMORY_GROW:
    sp[-1] = grow(in, (uint32_t)sp[-1]);
    memory_size = in->memory_size;
    NEXT;
do_I32_CONST:
    *sp++ = *ip++;
    NEXT;
do_I64_CONST:
    *sp++ = ip[0] | (uint64_t)ip[1] << 32;
    ip += 2;
    NEXT;
    I32_UNARY(I32_EQZ, a == 0)
    I32_BINARY(I32_EQ, a == b)
    I32_BINARY(I32_NE, a != b)
    I32_BINARY(I32_LT_S, (int32_t)a < (int32_t)b)
    I32_BINARY(I32_LT_U, a < b)
    I32_BINARY(I32_GT_S, (int32_t)a > (int32_t)b)
    I32_BINARY(I32_GT_U, a > b)
    I32_BINARY(I32_LE_S, (int32_t)a <= (int32_t)b)
    I32_BINARY(I32_LE_U, a <= b)
    I32_BINARY(I32_GE_S, (int32_t)a >= (int32_t)b)
    I32_BINARY(I32_GE_U, a >= b)
do_I64_EQZ:
    sp[-1] = sp[-1] == 0;
    NEXT;
    I64_BINARY(I64_EQ, a == b)
    I64_BINARY(I64_NE, a != b)
    I64_BINARY(I64_LT_S, (int64_t)a < (int64_t)b)
    I64_BINARY(I64_LT_U, a < b)
    I64_BINARY(I64_GT_S, (int64_t)a > (int64_t)b)
    I64_BINARY(I64_GT_U, a > b)
    I64_BINARY(I64_LE_S, (int64_t)a <= (int64_t)b)
    I64_BINARY(I64_LE_U, a <= b)
    I64_BINARY(I64_GE_S, (int64_t)a >= (int64_t)b)
    I64_BINARY(I64_GE_U, a >= b)
    I32_UNARY(I32_CLZ, clz32(a))
    I32_UNARY(I32_CTZ, ctz32(a))
    I32_UNARY(I32_POPCNT, popcount64(a))
    I32_BINARY(I32_ADD, a + b)
    I32_BINARY(I32_SUB, a - b)
    I32_BINARY(I32_MUL, a * b)
do_I32_DIV_S : {
    uint32_t b = (uint32_t)sp[-1], a = (uint32_t)sp[-2];

    if (b == 0)
        TRAP(TRAP_DIVIDE_BY_ZERO);
    if (a == 0x80000000u && b == UINT32_MAX)
        TRAP(TRAP_OVERFLOW);
    *--sp = 0, sp[-1] = (uint32_t)((int32_t)a / (int32_t)b);
    NEXT;
}
do_I32_DIV_U : {
    uint32_t b = (uint32_t)sp[-1], a = (uint32_t)sp[-2];

    if (b == 0)
        TRAP(TRAP_DIVIDE_BY_ZERO);
    *--sp = 0, sp[-1] = a / b;
    NEXT;
}
do_I32_REM_S : {
    uint32_t b = (uint32_t)sp[-1], a = (uint32_t)sp[-2];

    if (b == 0)
        TRAP(TRAP_DIVIDE_BY_ZERO);
    /* INT32_MIN % -1 is 0 in WebAssembly; in C it overflows. */
    *--sp = 0,
    sp[-1] = b == UINT32_MAX ? 0 : (uint32_t)((int32_t)a % (int32_t)b);
    NEXT;
}
do_I32_REM_U : {
    uint32_t b = (uint32_t)sp[-1], a = (uint32_t)sp[-2];

    if (b == 0)
        TRAP(TRAP_DIVIDE_BY_ZERO);
    *--sp = 0, sp[-1] = a % b;
    NEXT;
}
    I32_BINARY(I32_AND, a & b)
    I32_BINARY(I32_OR, a | b)
    I32_BINARY(I32_XOR, a ^ b)
    I32_BINARY(I32_SHL, a << (b & 31))
    I32_BINARY(I32_SHR_S, (int32_t)a >> (b & 31))
    I32_BINARY(I32_SHR_U, a >> (b & 31))
    I32_BINARY(I32_ROTL, rotl32(a, b))
    I32_BINARY(I32_ROTR, rotl32(a, 32 - (b & 31)))
    I64_UNARY(I64_CLZ, clz64(a))
    I64_UNARY(I64_CTZ, ctz64(a))
    I64_UNARY(I64_POPCNT, popcount64(a))
    I64_BINARY(I64_ADD, a + b)
    I64_BINARY(I64_SUB, a - b)
    I64_BINARY(I64_MUL, a * b)
do_I64_DIV_S : {
    uint64_t b = sp[-1], a = sp[-2];

    if (b == 0)
        TRAP(TRAP_DIVIDE_BY_ZERO);
    if (a == 0x8000000000000000u && b == UINT64_MAX)
        TRAP(TRAP_OVERFLOW);
    *--sp = 0, sp[-1] = (uint64_t)((int64_t)a / (int64_t)b);
    NEXT;
}
do_I64_DIV_U : {
    uint64_t b = sp[-1], a = sp[-2];

    if (b == 0)
        TRAP(TRAP_DIVIDE_BY_ZERO);
    *--sp = 0, sp[-1] = a / b;
    NEXT;
}
do_I64_REM_S : {
    uint64_t b = sp[-1], a = sp[-2];

    if (b == 0)
        TRAP(TRAP_DIVIDE_BY_ZERO);
    *--sp = 0,
    sp[-1] = b == UINT64_MAX ? 0 : (uint64_t)((int64_t)a % (int64_t)b);
    NEXT;
}
do_I64_REM_U : {
    uint64_t b = sp[-1], a = sp[-2];

    if (b == 0)
        TRAP(TRAP_DIVIDE_BY_ZERO);
    *--sp = 0, sp[-1] = a % b;
    NEXT;
}
    I64_BINARY(I64_AND, a & b)
    I64_BINARY(I64_OR, a | b)
    I64_BINARY(I64_XOR, a ^ b)
    I64_BINARY(I64_SHL, a << (b & 63))
    I64_BINARY(I64_SHR_S, (int64_t)a >> (b & 63))
    I64_BINARY(I64_SHR_U, a >> (b & 63))
    I64_BINARY(I64_ROTL, rotl64(a, b))
    I64_BINARY(I64_ROTR, rotl64(a, 64 - (b & 63)))
    I64_UNARY(I32_WRAP_I64, (uint32_t)a)
do_I64_EXTEND_I32_S:
    sp[-1] = (uint64_t)(int64_t)(int32_t)sp[-1];
    NEXT;
do_I64_EXTEND_I32_U:
    sp[-1] = (uint32_t)sp[-1];
    NEXT;
    FUSABLE(FUSED_BODIES, unused)

out_of_fuel:
    fuel = 0;
    error_line(err, "out of fuel");
trapped:
    in->fuel_left = fuel;
    return WASM_TRAP;
}
