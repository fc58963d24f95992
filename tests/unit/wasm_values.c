/*
 * Unit tests for common/wasm_values.c: the values, result lines and
 * options of a WebAssembly runner's command line (chapter 13).
 */
#include <string.h>

#include "harness.h"
#include "wasm_values.h"

static struct wasm_value parse_ok(const char *text)
{
    struct wasm_value value;
    const char *why = NULL;

    ck_assert_msg(wasm_value_parse(text, &value, &why) == 0, "%s: %s", text,
                  why);
    return value;
}

static const char *parse_fails(const char *text)
{
    struct wasm_value value;
    const char *why = NULL;

    ck_assert_msg(wasm_value_parse(text, &value, &why) < 0, "%s parsed", text);
    ck_assert_ptr_nonnull(why);
    return why;
}

START_TEST(values_parse_decimal_negative_and_bit_patterns)
{
    ck_assert_uint_eq(parse_ok("i32:5").bits, 5);
    ck_assert_uint_eq(parse_ok("i32:-1").bits, 0xffffffffu);
    ck_assert_uint_eq(parse_ok("i32:4294967295").bits, 0xffffffffu);
    ck_assert_uint_eq(parse_ok("i32:-2147483648").bits, 0x80000000u);
    ck_assert_uint_eq(parse_ok("i32:0x80000000").bits, 0x80000000u);
    ck_assert_uint_eq(parse_ok("i64:-1").bits, UINT64_MAX);
    ck_assert_uint_eq(parse_ok("i64:0xffffffffffffffff").bits, UINT64_MAX);
    ck_assert_uint_eq(parse_ok("i64:-9223372036854775808").bits,
                      0x8000000000000000u);
    ck_assert_uint_eq(parse_ok("i64:18446744073709551615").bits, UINT64_MAX);
    ck_assert_uint_eq(parse_ok("i32:7").type, WASM_VALUE_I32);
    ck_assert_uint_eq(parse_ok("i64:7").type, WASM_VALUE_I64);
}
END_TEST

START_TEST(values_out_of_range_or_malformed_are_refused)
{
    ck_assert_str_eq(parse_fails("i32:4294967296"),
                     "out of range for its type");
    ck_assert_str_eq(parse_fails("i32:-2147483649"),
                     "out of range for its type");
    ck_assert_str_eq(parse_fails("i32:0x100000000"),
                     "out of range for its type");
    ck_assert_str_eq(parse_fails("i64:18446744073709551616"),
                     "out of range for its type");
    ck_assert_str_eq(parse_fails("i64:-9223372036854775809"),
                     "out of range for its type");
    ck_assert_str_eq(parse_fails("i32:12x"), "not a number");
    ck_assert_str_eq(parse_fails("i32:0x"), "not a number");
    parse_fails("i32:");
    parse_fails("i32:-");
    parse_fails("i32: 5");
    parse_fails("i32:+5");
    parse_fails("i32:-0x5");
    parse_fails("5");
    parse_fails("i16:5");
    ck_assert_str_eq(parse_fails("f32:0x3f800000"),
                     "f32 and f64 are not supported by this interpreter");
}
END_TEST

START_TEST(result_lines_are_signed_decimal)
{
    char line[64];
    struct wasm_value v32 = {WASM_VALUE_I32, 0xffffffffu};
    struct wasm_value v64 = {WASM_VALUE_I64, 0x8000000000000000u};

    wasm_result_line(line, sizeof(line), "f", &v32);
    ck_assert_str_eq(line, "f: i32:-1");
    wasm_result_line(line, sizeof(line), "g", &v64);
    ck_assert_str_eq(line, "g: i64:-9223372036854775808");
    wasm_result_line(line, sizeof(line), "h", NULL);
    ck_assert_str_eq(line, "h: (none)");
    wasm_failure_line(line, sizeof(line), "d", "trap", "integer overflow");
    ck_assert_str_eq(line, "d: trap: integer overflow");
    ck_assert_int_eq(wasm_result_line(line, 4, "f", &v32), 9);
    ck_assert_str_eq(line, "f: ");
}
END_TEST

/* Parse a command line given as words. */
static int parse(struct wasm_run_options *o, struct wasm_invoke *invokes,
                 char *why, const char *const words[])
{
    static char *argv[32];
    int argc = 0;

    argv[argc++] = (char *)"wasm-run";
    for (; words[argc - 1]; argc++)
        argv[argc] = (char *)words[argc - 1];
    return wasm_options_parse(argc, argv, o, invokes, why, 256);
}

START_TEST(options_group_invokes_and_their_arguments)
{
    struct wasm_run_options o;
    struct wasm_invoke invokes[32];
    char why[256];
    const char *const words[] = {
        "--fuel",  "1000",     "--memory-limit", "4",
        "--trace", "m.wasm",   "--invoke",       "add",
        "i32:1",   "i32:-2",   "--invoke",       "none",
        "--stats", "--invoke", "last",           NULL};

    ck_assert_int_eq(parse(&o, invokes, why, words), 0);
    ck_assert_str_eq(o.module_path, "m.wasm");
    ck_assert_uint_eq(o.fuel, 1000);
    ck_assert_uint_eq(o.memory_limit, 4);
    ck_assert(o.trace && o.stats && !o.reset && !o.help);
    ck_assert_int_eq(o.invoke_count, 3);
    ck_assert_str_eq(invokes[0].export_name, "add");
    ck_assert_int_eq(invokes[0].arg_count, 2);
    ck_assert_str_eq(invokes[0].args[1], "i32:-2");
    ck_assert_int_eq(invokes[1].arg_count, 0);
    ck_assert_str_eq(invokes[2].export_name, "last");
    ck_assert_double_eq(o.timeout, WASM_DEFAULT_TIMEOUT);
}
END_TEST

START_TEST(options_defaults)
{
    struct wasm_run_options o;
    struct wasm_invoke invokes[4];
    char why[256];
    const char *const words[] = {"m.wasm", NULL};

    ck_assert_int_eq(parse(&o, invokes, why, words), 0);
    ck_assert_uint_eq(o.memory_limit, WASM_DEFAULT_MEMORY_LIMIT);
    ck_assert_uint_eq(o.fuel, 0);
    ck_assert_int_eq(o.invoke_count, 0);
}
END_TEST

static void usage_error(const char *const words[], const char *expected)
{
    struct wasm_run_options o;
    struct wasm_invoke invokes[32];
    char why[256] = "";

    ck_assert_int_eq(parse(&o, invokes, why, words), -1);
    ck_assert_msg(strstr(why, expected), "'%s' lacks '%s'", why, expected);
}

START_TEST(options_usage_errors_say_why)
{
    usage_error((const char *const[]){NULL}, "which module?");
    usage_error((const char *const[]){"--fuel", NULL}, "--fuel takes");
    usage_error((const char *const[]){"--fuel", "-1", "m", NULL},
                "--fuel takes");
    usage_error((const char *const[]){"--memory-limit", "0", "m", NULL},
                "--memory-limit takes");
    usage_error((const char *const[]){"--memory-limit", "65537", "m", NULL},
                "--memory-limit takes");
    usage_error((const char *const[]){"--timeout", "0", "m", NULL},
                "--timeout takes");
    usage_error((const char *const[]){"--bogus", "m", NULL},
                "unknown option '--bogus'");
    usage_error((const char *const[]){"a.wasm", "b.wasm", NULL},
                "unexpected argument 'b.wasm'");
    usage_error((const char *const[]){"m", "--invoke", NULL},
                "--invoke needs the name of an export");
}
END_TEST

START_TEST(options_help_needs_no_module)
{
    struct wasm_run_options o;
    struct wasm_invoke invokes[4];
    char why[256];
    const char *const words[] = {"--help", NULL};

    ck_assert_int_eq(parse(&o, invokes, why, words), 0);
    ck_assert(o.help);
}
END_TEST

Suite *test_suite(void)
{
    Suite *suite = suite_create("unit/wasm_values");
    TCase *tc = tcase_create("wasm_values");

    tcase_add_test(tc, values_parse_decimal_negative_and_bit_patterns);
    tcase_add_test(tc, values_out_of_range_or_malformed_are_refused);
    tcase_add_test(tc, result_lines_are_signed_decimal);
    tcase_add_test(tc, options_group_invokes_and_their_arguments);
    tcase_add_test(tc, options_defaults);
    tcase_add_test(tc, options_usage_errors_say_why);
    tcase_add_test(tc, options_help_needs_no_module);
    suite_add_tcase(suite, tc);
    return suite;
}
