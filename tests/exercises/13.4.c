/*
 * The test of exercise 13.4, the import env.max: modules written out in
 * bytes (no wabt needed), run in the interpreter's host build with the
 * exercise's resolve() and call().
 */
#include <stdlib.h>

#include "harness.h"
#include "wasm.h"

int exercise_resolve(void *context, const char *name, size_t length,
                     const struct wasm_functype *type, const char **why);
const char *exercise_call(void *context, struct wasm_instance *instance,
                          int id, const uint64_t *args, uint64_t *result);

#define ARENA (4u << 20)

/* (import "env" "max" (func (param i32 i32) (result i32)))
 * (func (export "run") (param i32 i32) (result i32)
 *   (call 0 (local.get 0) (local.get 1))) */
static const uint8_t max_module[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,             /* header */
    0x01, 0x07, 0x01, 0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7f,       /* type */
    0x02, 0x0b, 0x01, 0x03, 'e', 'n', 'v', 0x03, 'm', 'a', 'x', /* import */
    0x00, 0x00,
    0x03, 0x02, 0x01, 0x00,                                     /* func */
    0x07, 0x07, 0x01, 0x03, 'r', 'u', 'n', 0x00, 0x01,          /* export */
    0x0a, 0x0a, 0x01, 0x08, 0x00, 0x20, 0x00, 0x20, 0x01, 0x10, /* code */
    0x00, 0x0b,
};

/* The same import with the type (i64, i64) -> i64, and nothing else. */
static const uint8_t wrong_type_module[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    0x01, 0x07, 0x01, 0x60, 0x02, 0x7e, 0x7e, 0x01, 0x7e,
    0x02, 0x0b, 0x01, 0x03, 'e', 'n', 'v', 0x03, 'm', 'a', 'x',
    0x00, 0x00,
};

static enum wasm_status instantiate(const uint8_t *bytes, size_t size,
                                    struct wasm_module **module,
                                    struct wasm_instance **instance,
                                    struct wasm_error *err)
{
    static const struct wasm_host host = {exercise_resolve, exercise_call,
                                          NULL};
    struct wasm_limits limits = {0};

    ck_assert_msg(wasm_load(module, bytes, size, malloc(ARENA), ARENA,
                            err) == 0,
                  "the test's module does not load: %s", err->message);
    return wasm_instantiate(instance, *module, malloc(ARENA), ARENA,
                            &limits, &host, err);
}

static int32_t run(struct wasm_module *module,
                   struct wasm_instance *instance, int32_t a, int32_t b)
{
    const struct wasm_functype *type;
    uint64_t args[2] = {(uint32_t)a, (uint32_t)b}, result = 0;
    struct wasm_error err;
    uint32_t index;

    ck_assert_int_eq(wasm_find_export(module, "run", 3, &index, &type), 0);
    ck_assert_msg(wasm_invoke(instance, index, args, &result, &err) ==
                      WASM_OK,
                  "run(%d, %d) trapped: %s", a, b, err.message);
    return (int32_t)result;
}

START_TEST(max_links_and_answers)
{
    struct wasm_module *module;
    struct wasm_instance *instance;
    struct wasm_error err;

    ck_assert_msg(instantiate(max_module, sizeof(max_module), &module,
                              &instance, &err) == WASM_OK,
                  "a module importing env.max (i32, i32) -> i32 does not "
                  "link: %s",
                  err.message);
    ck_assert_int_eq(run(module, instance, 3, 5), 5);
    ck_assert_int_eq(run(module, instance, 9, -2), 9);
    ck_assert_msg(run(module, instance, 3, -5) == 3,
                  "max(3, -5) is 3: compare as signed numbers");
    ck_assert_int_eq(run(module, instance, -7, -2), -2);
}
END_TEST

START_TEST(the_wrong_type_does_not_link)
{
    struct wasm_module *module;
    struct wasm_instance *instance;
    struct wasm_error err;

    ck_assert_msg(instantiate(wrong_type_module, sizeof(wrong_type_module),
                              &module, &instance, &err) == WASM_ERROR,
                  "env.max imported as (i64, i64) -> i64 must be "
                  "unlinkable");
}
END_TEST

START_TEST(print_and_clock_ms_still_resolve)
{
    const uint8_t params[] = {WASM_I32, WASM_I32};
    const struct wasm_functype print = {2, 0, params, 0};
    const struct wasm_functype clock = {0, 1, NULL, WASM_I64};
    const char *why = "";

    ck_assert_int_eq(exercise_resolve(NULL, "print", 5, &print, &why),
                     WASM_ENV_PRINT);
    ck_assert_int_eq(exercise_resolve(NULL, "clock_ms", 8, &clock, &why),
                     WASM_ENV_CLOCK_MS);
    ck_assert_int_eq(exercise_resolve(NULL, "min", 3, &print, &why), -1);
}
END_TEST

Suite *test_suite(void)
{
    Suite *suite = suite_create("exercise 13.4");

    exercise_check(suite, "a module importing env.max runs, signed",
                   max_links_and_answers);
    exercise_check(suite, "env.max of another type is unlinkable",
                   the_wrong_type_does_not_link);
    exercise_check(suite, "env.print and env.clock_ms still resolve",
                   print_and_clock_ms_still_resolve);
    return suite;
}
