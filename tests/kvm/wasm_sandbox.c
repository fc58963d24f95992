/*
 * KVM tests for chapter 13's WebAssembly host (common/wasm_sandbox.c)
 * with programs that are not the interpreter: one that crashes on every
 * call and one that answers with a reply of the wrong shape. Each must
 * give the invoke's "trap: sandbox crashed" line, restore the snapshot,
 * say so, and let the next invoke run. (The interpreter itself is
 * tested through the chapter: tests/chapters/ch13_sandbox.c and make
 * test-wasm.)
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "guest.h"
#include "harness.h"
#include "wasm_sandbox.h"

GUEST_EMBEDDED(guest_tests_sandbox_crash);

/* Run `name` twice on the crash program; return what was printed. */
static char *invoke_twice(const char *name, char *text, size_t size)
{
    struct guest_image program = GUEST_IMAGE(guest_tests_sandbox_crash);
    struct wasm_run_options options = {.memory_limit = 1, .timeout = 5};
    struct wasm_invoke invoke = {.export_name = name};
    FILE *out = fmemopen(text, size, "w");
    struct wasm_sandbox ws;
    const char *failed_step = "";
    char why[256];

    ck_assert_ptr_nonnull(out);
    ck_assert_msg(wasm_sandbox_create(&ws, &options, program.data,
                                      program.size, (const uint8_t *)"", 0,
                                      out, why, sizeof(why),
                                      &failed_step) == 0,
                  "%s: %s", failed_step, strerror(errno));
    ck_assert_int_eq(wasm_sandbox_invoke(&ws, &invoke), 0);
    ck_assert_int_eq(wasm_sandbox_invoke(&ws, &invoke), 0);
    wasm_sandbox_destroy(&ws);
    fclose(out);
    return text;
}

START_TEST(a_crash_is_a_trap_and_the_snapshot_comes_back)
{
    char text[1024];

    REQUIRE_KVM();
    ck_assert_str_eq(invoke_twice("f", text, sizeof(text)),
                     "f: trap: sandbox crashed\n"
                     "host: sandbox restored from its snapshot\n"
                     "f: trap: sandbox crashed\n"
                     "host: sandbox restored from its snapshot\n");
}
END_TEST

START_TEST(a_reply_of_the_wrong_shape_is_not_believed)
{
    char text[1024];

    REQUIRE_KVM();
    ck_assert_str_eq(invoke_twice("bad", text, sizeof(text)),
                     "bad: trap: sandbox crashed\n"
                     "host: sandbox restored from its snapshot\n"
                     "bad: trap: sandbox crashed\n"
                     "host: sandbox restored from its snapshot\n");
}
END_TEST

Suite *test_suite(void)
{
    Suite *suite = suite_create("kvm/wasm_sandbox");
    TCase *tc = tcase_create("wasm_sandbox");

    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, a_crash_is_a_trap_and_the_snapshot_comes_back);
    tcase_add_test(tc, a_reply_of_the_wrong_shape_is_not_believed);
    suite_add_tcase(suite, tc);
    return suite;
}
