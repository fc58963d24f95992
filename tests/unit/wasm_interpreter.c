/*
 * Unit tests for the WebAssembly interpreter (guests/wasm/) through its
 * embedding API: modules written byte by byte, so that each test shows
 * exactly what the interpreter is given. What the differential tests
 * (the .wast scripts in tests/wasm/) cannot reach is here: the limits (fuel,
 * call depth, operand stack, memory cap, arena sizes), the import callbacks and
 * wasm_memory_range(), a reset in the same arena, and two malformed
 * modules that wabt 1.0.32 accepts.
 */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "wasm.h"

#define MODULE_ARENA   (1u << 20)
#define INSTANCE_ARENA (4u << 20)

static uint8_t *module_arena, *instance_arena;
static struct wasm_module *module;
static struct wasm_instance *instance;
static struct wasm_error err;

static void setup(void)
{
    module_arena = malloc(MODULE_ARENA);
    instance_arena = malloc(INSTANCE_ARENA);
    ck_assert(module_arena && instance_arena);
}

static void teardown(void)
{
    free(module_arena);
    free(instance_arena);
}

/* --- building modules --- */
struct bytes {
    uint8_t data[512];
    size_t size;
    size_t ends[16]; /* where each section ends */
    int sections;
};

static void put(struct bytes *b, const void *data, size_t size)
{
    ck_assert(b->size + size <= sizeof(b->data));
    memcpy(b->data + b->size, data, size);
    b->size += size;
}

/* A section: its id, its size (under 128 here) and its contents. */
static void section(struct bytes *b, uint8_t id, const char *contents,
                    size_t size)
{
    uint8_t head[2] = {id, (uint8_t)size};

    ck_assert(size < 128 && b->sections < 16);
    put(b, head, 2);
    put(b, contents, size);
    b->ends[b->sections++] = b->size;
}
#define SECTION(b, id, literal) section(b, id, literal, sizeof(literal) - 1)

static struct bytes header(void)
{
    struct bytes b = {.size = 0};

    put(&b, "\0asm\1\0\0\0", 8);
    return b;
}

static int load(const struct bytes *b)
{
    return wasm_load(&module, b->data, b->size, module_arena, MODULE_ARENA,
                     &err);
}

static void load_ok(const struct bytes *b)
{
    ck_assert_msg(load(b) == 0, "refused: %s", err.message);
}

static void load_refused(const struct bytes *b, const char *why)
{
    ck_assert_int_eq(load(b), -1);
    ck_assert_msg(strstr(err.message, why), "'%s' lacks '%s'", err.message,
                  why);
}

static void instantiate(const struct wasm_limits *limits,
                        const struct wasm_host *host)
{
    enum wasm_status status = wasm_instantiate(
        &instance, module, instance_arena, INSTANCE_ARENA, limits, host, &err);

    ck_assert_msg(status == WASM_OK, "instantiate: %s", err.message);
}

/* Call export `name` with one or two arguments; returns the status. */
static enum wasm_status call(const char *name, uint64_t a, uint64_t b,
                             uint64_t *result)
{
    const struct wasm_functype *type;
    uint64_t args[2] = {a, b};
    uint32_t index;

    ck_assert_int_eq(
        wasm_find_export(module, name, strlen(name), &index, &type), 0);
    return wasm_invoke(instance, index, args, result, &err);
}

static void call_traps(const char *name, uint64_t a, const char *message)
{
    uint64_t result;

    ck_assert_int_eq(call(name, a, 0, &result), WASM_TRAP);
    ck_assert_str_eq(err.message, message);
}

static uint64_t call_ok(const char *name, uint64_t a, uint64_t b)
{
    uint64_t result = 0;

    ck_assert_msg(call(name, a, b, &result) == WASM_OK, "%s: %s", name,
                  err.message);
    return result;
}

/* --- the modules --- */
/* add(i32, i32) -> i32 */
static struct bytes add_module(void)
{
    struct bytes b = header();

    SECTION(&b, 1, "\x01\x60\x02\x7f\x7f\x01\x7f");
    SECTION(&b, 3, "\x01\x00");
    SECTION(&b, 7,
            "\x01\x03"
            "add\x00\x00");
    SECTION(&b, 10, "\x01\x07\x00\x20\x00\x20\x01\x6a\x0b");
    return b;
}

/* count(n): a loop that runs its body n times (n >= 1). */
static struct bytes count_module(void)
{
    struct bytes b = header();

    SECTION(&b, 1, "\x01\x60\x01\x7f\x00");
    SECTION(&b, 3, "\x01\x00");
    SECTION(&b, 7,
            "\x01\x05"
            "count\x00\x00");
    SECTION(&b, 10,
            "\x01\x0e\x00\x03\x40\x20\x00\x41\x01\x6b\x22\x00\x0d"
            "\x00\x0b\x0b");
    return b;
}

/* down(n) = n == 0 ? 0 : down(n - 1): n + 1 nested calls. */
static struct bytes down_module(void)
{
    struct bytes b = header();

    SECTION(&b, 1, "\x01\x60\x01\x7f\x01\x7f");
    SECTION(&b, 3, "\x01\x00");
    SECTION(&b, 7,
            "\x01\x04"
            "down\x00\x00");
    SECTION(&b, 10,
            "\x01\x12\x00\x20\x00\x45\x04\x7f\x41\x00\x05\x20\x00"
            "\x41\x01\x6b\x10\x00\x0b\x0b");
    return b;
}

/* grow(n): memory.grow on a memory of 1 page. */
static struct bytes grow_module(void)
{
    struct bytes b = header();

    SECTION(&b, 1, "\x01\x60\x01\x7f\x01\x7f");
    SECTION(&b, 3, "\x01\x00");
    SECTION(&b, 5, "\x01\x00\x01");
    SECTION(&b, 7,
            "\x01\x04"
            "grow\x00\x00");
    SECTION(&b, 10, "\x01\x06\x00\x20\x00\x40\x00\x0b");
    return b;
}

/* show(ptr, len) calls the import env.print(ptr, len); "hi" at 0. */
static struct bytes print_module(void)
{
    struct bytes b = header();

    SECTION(&b, 1, "\x01\x60\x02\x7f\x7f\x00");
    SECTION(&b, 2,
            "\x01\x03"
            "env\x05"
            "print\x00\x00");
    SECTION(&b, 3, "\x01\x00");
    SECTION(&b, 5, "\x01\x00\x01");
    SECTION(&b, 7,
            "\x01\x04"
            "show\x00\x01");
    SECTION(&b, 10, "\x01\x08\x00\x20\x00\x20\x01\x10\x00\x0b");
    SECTION(&b, 11,
            "\x01\x00\x41\x00\x0b\x02"
            "hi");
    return b;
}

/* bump(): global g (starts at 5) and memory[0] each go up by one;
 * returns g + 100 * memory[0]. */
static struct bytes bump_module(void)
{
    struct bytes b = header();

    SECTION(&b, 1, "\x01\x60\x00\x01\x7f");
    SECTION(&b, 3, "\x01\x00");
    SECTION(&b, 5, "\x01\x00\x01");
    SECTION(&b, 6, "\x01\x7f\x01\x41\x05\x0b");
    SECTION(&b, 7,
            "\x01\x04"
            "bump\x00\x00");
    SECTION(&b, 10,
            "\x01\x22\x00\x23\x00\x41\x01\x6a\x24\x00\x41\x00\x41"
            "\x00\x28\x02\x00\x41\x01\x6a\x36\x02\x00\x23\x00\x41"
            "\x00\x28\x02\x00\x41\xe4\x00\x6c\x6a\x0b");
    return b;
}

/* --- the tests --- */
START_TEST(add_runs_and_ignores_high_bits_of_i32_arguments)
{
    struct bytes b = add_module();

    load_ok(&b);
    instantiate(&(struct wasm_limits){0}, NULL);
    ck_assert_uint_eq(call_ok("add", 2, 3), 5);
    ck_assert_uint_eq(call_ok("add", 0xffffffff00000001u, 0xffffffff), 0);
    ck_assert_uint_eq(call_ok("add", 0x7fffffff, 1), 0x80000000u);
}
END_TEST

START_TEST(fuel_is_one_unit_per_call_and_per_branch_back_to_a_loop)
{
    struct bytes b = count_module();
    uint64_t result;

    load_ok(&b);
    /* count(10): one call, and 9 branches back to the loop's start */
    instantiate(&(struct wasm_limits){.fuel = 10}, NULL);
    ck_assert_int_eq(call("count", 10, 0, &result), WASM_OK);
    ck_assert_uint_eq(wasm_fuel_used(instance), 10);
    call_traps("count", 11, "out of fuel");
    ck_assert_uint_eq(wasm_fuel_used(instance), 10);
    /* Fuel starts afresh at each invoke. */
    ck_assert_int_eq(call("count", 10, 0, &result), WASM_OK);
}
END_TEST

START_TEST(unlimited_fuel_still_counts)
{
    struct bytes b = count_module();

    load_ok(&b);
    instantiate(&(struct wasm_limits){0}, NULL);
    call_ok("count", 1000, 0);
    ck_assert_uint_eq(wasm_fuel_used(instance), 1000);
}
END_TEST

START_TEST(call_depth_limit_is_exact)
{
    struct bytes b = down_module();

    load_ok(&b);
    instantiate(&(struct wasm_limits){.max_call_depth = 10}, NULL);
    ck_assert_uint_eq(call_ok("down", 9, 0), 0); /* 10 nested calls */
    call_traps("down", 10, "call stack exhausted");
    ck_assert_uint_eq(call_ok("down", 9, 0), 0); /* and it goes on */
}
END_TEST

START_TEST(operand_stack_limit_traps_too)
{
    struct bytes b = down_module();

    load_ok(&b);
    /* down's frame: 1 param + at most 2 operands + 1: a few slots each. */
    instantiate(&(struct wasm_limits){.stack_slots = 100}, NULL);
    ck_assert_uint_eq(call_ok("down", 10, 0), 0);
    call_traps("down", 1000, "call stack exhausted");
}
END_TEST

START_TEST(huge_local_count_loads_but_cannot_be_called)
{
    struct bytes b = header();

    SECTION(&b, 1, "\x01\x60\x00\x00");
    SECTION(&b, 3, "\x01\x00");
    SECTION(&b, 7,
            "\x01\x03"
            "big\x00\x00");
    SECTION(&b, 10, "\x01\x08\x01\x80\xfe\xff\xff\x0f\x7e\x0b");
    load_ok(&b);
    instantiate(&(struct wasm_limits){0}, NULL);
    call_traps("big", 0, "call stack exhausted");
}
END_TEST

START_TEST(memory_grow_stops_at_the_cap)
{
    struct bytes b = grow_module();

    load_ok(&b);
    instantiate(&(struct wasm_limits){.max_pages = 3}, NULL);
    ck_assert_uint_eq(call_ok("grow", 1, 0), 1);
    ck_assert_uint_eq(call_ok("grow", 2, 0), 0xffffffffu);
    ck_assert_uint_eq(call_ok("grow", 1, 0), 2);
    ck_assert_uint_eq(call_ok("grow", 1, 0), 0xffffffffu);
    ck_assert_uint_eq(wasm_memory_pages(instance), 3);
    ck_assert_uint_eq(call_ok("grow", 0xffffffff, 0), 0xffffffffu);
}
END_TEST

/* --- imports --- */
struct host_log {
    char name[16];
    uint32_t params;
    uint64_t args[2];
    const char *text;
    int calls;
};

static int resolve(void *context, const char *name, size_t length,
                   const struct wasm_functype *type, const char **why)
{
    struct host_log *log = context;

    memcpy(log->name, name, length < 15 ? length : 15);
    log->params = type->param_count;
    if (length == 5 && !memcmp(name, "print", 5) && type->param_count == 2)
        return 7;
    *why = "not offered here";
    return -1;
}

static const char *host_call(void *context, struct wasm_instance *in, int id,
                             const uint64_t *args, uint64_t *result)
{
    struct host_log *log = context;

    (void)result;
    ck_assert_int_eq(id, 7);
    log->calls++;
    log->args[0] = args[0], log->args[1] = args[1];
    log->text = wasm_memory_range(in, (uint32_t)args[0], (uint32_t)args[1]);
    return args[0] == 99 ? "refused by the host" : NULL;
}

START_TEST(imports_resolve_by_name_and_type_and_get_their_arguments)
{
    struct bytes b = print_module();
    struct host_log log = {0};
    struct wasm_host host = {resolve, host_call, &log};

    load_ok(&b);
    instantiate(&(struct wasm_limits){.max_pages = 4}, &host);
    ck_assert_str_eq(log.name, "print");
    ck_assert_uint_eq(log.params, 2);
    call_ok("show", 0, 2);
    ck_assert_int_eq(log.calls, 1);
    ck_assert_ptr_nonnull(log.text);
    ck_assert_int_eq(memcmp(log.text, "hi", 2), 0);
    call_traps("show", 99, "refused by the host");
}
END_TEST

START_TEST(memory_range_refuses_outside_and_wrapping)
{
    struct bytes b = print_module();
    struct host_log log = {0};
    struct wasm_host host = {resolve, host_call, &log};

    load_ok(&b);
    instantiate(&(struct wasm_limits){.max_pages = 4}, &host);
    ck_assert_ptr_nonnull(wasm_memory_range(instance, 0, 65536));
    ck_assert_ptr_nonnull(wasm_memory_range(instance, 65536, 0));
    ck_assert_ptr_nonnull(wasm_memory_range(instance, 65535, 1));
    ck_assert_ptr_null(wasm_memory_range(instance, 65535, 2));
    ck_assert_ptr_null(wasm_memory_range(instance, 65537, 0));
    ck_assert_ptr_null(wasm_memory_range(instance, 0xffffffff, 2));
    ck_assert_ptr_null(wasm_memory_range(instance, 2, 0xffffffff));
    ck_assert_ptr_null(wasm_memory_range(instance, 0xffffffff, 0xffffffff));
}
END_TEST

START_TEST(an_unresolved_import_makes_the_module_unlinkable)
{
    struct bytes b = print_module();
    struct host_log log = {0};
    struct wasm_host host = {resolve, host_call, &log};

    ((uint8_t *)memmem(b.data, b.size, "print", 5))[0] = 'q'; /* qrint */
    load_ok(&b);
    ck_assert_int_eq(
        wasm_instantiate(&instance, module, instance_arena, INSTANCE_ARENA,
                         &(struct wasm_limits){.max_pages = 4}, &host, &err),
        WASM_ERROR);
    ck_assert_str_eq(err.message, "unlinkable: env.qrint: not offered here");
    /* and with no host at all */
    ck_assert_int_eq(wasm_instantiate(&instance, module, instance_arena,
                                      INSTANCE_ARENA, &(struct wasm_limits){0},
                                      NULL, &err),
                     WASM_ERROR);
}
END_TEST

START_TEST(instantiating_again_resets_globals_and_memory)
{
    struct bytes b = bump_module();

    load_ok(&b);
    instantiate(&(struct wasm_limits){.max_pages = 4}, NULL);
    ck_assert_uint_eq(call_ok("bump", 0, 0), 106);
    ck_assert_uint_eq(call_ok("bump", 0, 0), 207);
    instantiate(&(struct wasm_limits){.max_pages = 4}, NULL);
    ck_assert_uint_eq(call_ok("bump", 0, 0), 106);
}
END_TEST

START_TEST(a_trapping_start_function_fails_instantiation)
{
    struct bytes b = header();

    SECTION(&b, 1, "\x01\x60\x00\x00");
    SECTION(&b, 3, "\x01\x00");
    SECTION(&b, 8, "\x00");
    SECTION(&b, 10, "\x01\x03\x00\x00\x0b");
    load_ok(&b);
    ck_assert_int_eq(wasm_instantiate(&instance, module, instance_arena,
                                      INSTANCE_ARENA, &(struct wasm_limits){0},
                                      NULL, &err),
                     WASM_TRAP);
    ck_assert_str_eq(err.message, "unreachable");
}
END_TEST

/* --- refusals --- */
START_TEST(floats_are_refused_in_types_and_code)
{
    struct bytes b = header();

    SECTION(&b, 1, "\x01\x60\x01\x7d\x00");
    load_refused(&b, "uses f32/f64, which this interpreter does not execute");
    b = header();
    SECTION(&b, 1, "\x01\x60\x00\x00");
    SECTION(&b, 3, "\x01\x00");
    SECTION(&b, 10, "\x01\x0b\x00\x44\0\0\0\0\0\0\0\0\x0b");
    load_refused(&b, "uses f32/f64");
    b = header();
    SECTION(&b, 1, "\x01\x60\x01\x7f\x00");
    SECTION(&b, 3, "\x01\x00");
    SECTION(&b, 10, "\x01\x06\x00\x20\x00\xb2\x1a\x0b");
    load_refused(&b, "uses f32/f64");
}
END_TEST

START_TEST(malformed_cases_wabt_accepts_are_refused)
{
    struct bytes b = header();

    /* A global's expression cut off by the section's end. */
    SECTION(&b, 6, "\x01\x7f\x00\x41\x00");
    load_refused(&b, "unexpected end");
    /* A second end after the function's own. */
    b = header();
    SECTION(&b, 1, "\x01\x60\x00\x00");
    SECTION(&b, 3, "\x01\x00");
    SECTION(&b, 10, "\x01\x03\x00\x0b\x0b");
    load_refused(&b, "bytes after the function's end");
}
END_TEST

START_TEST(small_arenas_are_an_error_not_a_crash)
{
    struct bytes b = bump_module();
    size_t size;

    /* Every arena size up to the first that works fails cleanly. */
    for (size = 0;
         wasm_load(&module, b.data, b.size, module_arena, size, &err) < 0;
         size += 8)
        ck_assert_msg(strstr(err.message, "does not fit"), "%zu: %s", size,
                      err.message);
    ck_assert_uint_ge(size, wasm_module_arena_used(module));
    /* an instance arena without room for the memory */
    ck_assert_int_eq(wasm_instantiate(&instance, module, instance_arena, 200000,
                                      &(struct wasm_limits){.max_pages = 4,
                                                            .stack_slots = 100},
                                      NULL, &err),
                     WASM_ERROR);
    ck_assert_msg(strstr(err.message, "cannot hold"), "%s", err.message);
}
END_TEST

START_TEST(every_truncation_of_a_module_is_refused_cleanly)
{
    struct bytes b = bump_module();
    int section = 0;

    /* A cut inside the header or a section must be refused (a cut
     * between sections may leave a valid module). */
    for (size_t size = 0; size < b.size; size++) {
        bool between =
            size == 8 || (section < b.sections && size == b.ends[section]);

        if (section < b.sections && size == b.ends[section])
            section++;
        if (between)
            continue;
        ck_assert_msg(wasm_load(&module, b.data, size, module_arena,
                                MODULE_ARENA, &err) == -1 &&
                          err.message[0],
                      "a module cut at %zu bytes loaded", size);
    }
}
END_TEST

Suite *test_suite(void)
{
    Suite *suite = suite_create("unit/wasm_interpreter");
    TCase *tc = tcase_create("interpreter");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, add_runs_and_ignores_high_bits_of_i32_arguments);
    tcase_add_test(tc, fuel_is_one_unit_per_call_and_per_branch_back_to_a_loop);
    tcase_add_test(tc, unlimited_fuel_still_counts);
    tcase_add_test(tc, call_depth_limit_is_exact);
    tcase_add_test(tc, operand_stack_limit_traps_too);
    tcase_add_test(tc, huge_local_count_loads_but_cannot_be_called);
    tcase_add_test(tc, memory_grow_stops_at_the_cap);
    tcase_add_test(tc,
                   imports_resolve_by_name_and_type_and_get_their_arguments);
    tcase_add_test(tc, memory_range_refuses_outside_and_wrapping);
    tcase_add_test(tc, an_unresolved_import_makes_the_module_unlinkable);
    tcase_add_test(tc, instantiating_again_resets_globals_and_memory);
    tcase_add_test(tc, a_trapping_start_function_fails_instantiation);
    tcase_add_test(tc, floats_are_refused_in_types_and_code);
    tcase_add_test(tc, malformed_cases_wabt_accepts_are_refused);
    tcase_add_test(tc, small_arenas_are_an_error_not_a_crash);
    tcase_add_test(tc, every_truncation_of_a_module_is_refused_cleanly);
    suite_add_tcase(suite, tc);
    return suite;
}
