/*
 * wasm_values.c - parsing and printing what a WebAssembly runner's
 * command line and result lines carry (see wasm_values.h).
 *
 * Introduced in chapter 13.
 */
#include "wasm_values.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* N: decimal, with an optional '-', or 0x and a bit pattern; it must fit
 * in `bits` bits, as a signed or an unsigned number. */
static int parse_number(const char *text, unsigned bits, uint64_t *value,
                        const char **why)
{
    uint64_t max = bits == 64 ? UINT64_MAX : (1ull << bits) - 1;
    bool negative = text[0] == '-';
    const char *digits = text + negative;
    char *end;
    uint64_t magnitude;

    if (!*digits || !(digits[0] >= '0' && digits[0] <= '9')) {
        *why = "a number must follow the type (i32:N, i64:N)";
        return -1;
    }
    errno = 0;
    if (!negative && digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'X'))
        magnitude = strtoull(digits + 2, &end, 16), digits += 2;
    else
        magnitude = strtoull(digits, &end, 10);
    if (*end || end == digits) {
        *why = "not a number";
        return -1;
    }
    if (errno == ERANGE || magnitude > max ||
        (negative && magnitude > (max >> 1) + 1)) {
        *why = "out of range for its type";
        return -1;
    }
    *value = (negative ? 0 - magnitude : magnitude) & max;
    return 0;
}

int wasm_value_parse(const char *text, struct wasm_value *value,
                     const char **why)
{
    if (!strncmp(text, "i32:", 4)) {
        value->type = WASM_VALUE_I32;
        return parse_number(text + 4, 32, &value->bits, why);
    }
    if (!strncmp(text, "i64:", 4)) {
        value->type = WASM_VALUE_I64;
        return parse_number(text + 4, 64, &value->bits, why);
    }
    if (!strncmp(text, "f32:", 4) || !strncmp(text, "f64:", 4))
        *why = "f32 and f64 are not supported by this interpreter";
    else
        *why = "an argument is i32:N or i64:N";
    return -1;
}

int wasm_value_format(char *buffer, size_t size, const struct wasm_value *value)
{
    if (value->type == WASM_VALUE_I32)
        return snprintf(buffer, size, "i32:%" PRId32,
                        (int32_t)(uint32_t)value->bits);
    return snprintf(buffer, size, "i64:%" PRId64, (int64_t)value->bits);
}

int wasm_result_line(char *buffer, size_t size, const char *export_name,
                     const struct wasm_value *value)
{
    char text[32];

    if (!value)
        return snprintf(buffer, size, "%s: (none)", export_name);
    wasm_value_format(text, sizeof(text), value);
    return snprintf(buffer, size, "%s: %s", export_name, text);
}

int wasm_failure_line(char *buffer, size_t size, const char *export_name,
                      const char *kind, const char *message)
{
    return snprintf(buffer, size, "%s: %s: %s", export_name, kind, message);
}

static int usage(char *why, size_t size, const char *format, const char *word)
{
    snprintf(why, size, format, word);
    return -1;
}

/* A whole decimal number in [min, max]. */
static int parse_option_number(const char *text, uint64_t max, uint64_t *value)
{
    char *end;

    if (!text || !(*text >= '0' && *text <= '9'))
        return -1;
    errno = 0;
    *value = strtoull(text, &end, 10);
    return *end || errno == ERANGE || *value > max ? -1 : 0;
}

/* An option with its value (argv[*i + 1]); returns 0, 1 when the word is
 * no option of ours, or -1 for a bad value. */
static int parse_option(char *const argv[], int argc, int *i,
                        struct wasm_run_options *o, char *why, size_t size)
{
    const char *name = argv[*i], *value = *i + 1 < argc ? argv[*i + 1] : NULL;
    uint64_t number;

    if (!strcmp(name, "--trace") || !strcmp(name, "--stats") ||
        !strcmp(name, "--reset") || !strcmp(name, "--help")) {
        o->trace |= !strcmp(name, "--trace");
        o->stats |= !strcmp(name, "--stats");
        o->reset |= !strcmp(name, "--reset");
        o->help |= !strcmp(name, "--help");
        return 0;
    }
    if (!strcmp(name, "--memory-limit")) {
        if (parse_option_number(value, 65536, &number) < 0 || number == 0)
            return usage(why, size,
                         "--memory-limit takes a number of 64 KiB "
                         "pages from 1 to 65536, not '%s'",
                         value ? value : "");
        o->memory_limit = (uint32_t)number;
    } else if (!strcmp(name, "--fuel")) {
        if (parse_option_number(value, UINT64_MAX, &number) < 0)
            return usage(why, size, "--fuel takes a whole number, not '%s'",
                         value ? value : "");
        o->fuel = number;
    } else if (!strcmp(name, "--timeout")) {
        char *end;

        o->timeout = value ? strtod(value, &end) : 0;
        if (!value || *end || end == value || !(o->timeout >= 0.001) ||
            o->timeout > 3600)
            return usage(why, size,
                         "--timeout takes seconds from 0.001 to "
                         "3600, not '%s'",
                         value ? value : "");
    } else {
        return 1;
    }
    (*i)++;
    return 0;
}

int wasm_options_parse(int argc, char *const argv[], struct wasm_run_options *o,
                       struct wasm_invoke *invokes, char *why, size_t size)
{
    *o = (struct wasm_run_options){.memory_limit = WASM_DEFAULT_MEMORY_LIMIT,
                                   .timeout = WASM_DEFAULT_TIMEOUT,
                                   .invokes = invokes};
    for (int i = 1; i < argc; i++) {
        int status;

        if (!strcmp(argv[i], "--invoke")) {
            struct wasm_invoke *in = &invokes[o->invoke_count++];

            *in = (struct wasm_invoke){0};
            if (i + 1 >= argc)
                return usage(why, size, "%s needs the name of an export",
                             argv[i]);
            in->export_name = argv[++i];
            in->args = &argv[i + 1];
            while (i + 1 < argc && strncmp(argv[i + 1], "--", 2))
                in->arg_count++, i++;
            continue;
        }
        status = parse_option(argv, argc, &i, o, why, size);
        if (status < 0)
            return -1;
        if (status == 0)
            continue;
        if (!strncmp(argv[i], "--", 2))
            return usage(why, size, "unknown option '%s'", argv[i]);
        if (o->module_path || o->invoke_count)
            return usage(why, size, "unexpected argument '%s'", argv[i]);
        o->module_path = argv[i];
    }
    if (!o->module_path && !o->help)
        return usage(why, size, "%s", "which module? give MODULE.wasm");
    return 0;
}

void wasm_print_usage(FILE *out, const char *program, const char *about,
                      const char *timeout, const char *reset)
{
    fprintf(out,
            "usage: %s [options] MODULE.wasm [--invoke EXPORT [ARG...]]...\n"
            "%s\n"
            "ARG is i32:N or i64:N (decimal, or a 0x bit pattern). One "
            "result line per invoke.\n"
            "  --memory-limit PAGES  linear memory cap, 64 KiB pages "
            "(default 256)\n"
            "  --fuel N              calls + loop iterations per invoke "
            "(default 0: unlimited)\n"
            "  --timeout S           %s\n"
            "  --trace               print every host call\n"
            "  --stats               print fuel used, host calls and time "
            "per invoke\n"
            "  --reset               %s\n"
            "Imports offered (module \"env\"): print(i32, i32), "
            "clock_ms() -> i64.\n",
            program, about, timeout, reset);
}
