/*
 * sandbox13.h - what the tests of chapter 13's exercises share: a
 * sandbox running the probe program (guests/tests/sandbox-probe.c) with
 * the exercise's host functions.
 */
#ifndef KVM101_TESTS_SANDBOX13_H
#define KVM101_TESTS_SANDBOX13_H

#include <errno.h>
#include <string.h>

#include "guest.h"
#include "harness.h"
#include "sandbox.h"
#include "sandbox_probe.h"

GUEST_EMBEDDED(guest_tests_sandbox_probe);

static inline struct sandbox *
probe_sandbox(const struct sandbox_function *functions, int count,
              enum sandbox_reset_way way)
{
    struct sandbox_config config = sandbox_defaults();
    struct guest_image image = GUEST_IMAGE(guest_tests_sandbox_probe);
    struct sandbox *sandbox;
    const char *failed_step = "";
    struct sandbox_init init;

    config.functions = functions;
    config.function_count = count;
    config.reset_way = way;
    ck_assert_msg(sandbox_create(&sandbox, &config, image.data, image.size,
                                 &init, &failed_step) == 0,
                  "sandbox_create: %s: %s", failed_step, strerror(errno));
    return sandbox;
}

/* Pass `input` to the host's first function from inside the sandbox:
 * what the program got back. */
static inline int64_t pass_input(struct sandbox *sandbox, const void *input,
                                 size_t length)
{
    struct sandbox_result result;

    ck_assert_int_eq(sandbox_call(sandbox, PROBE_PASS_INPUT, 0, input,
                                  length, &result),
                     0);
    ck_assert_int_eq(result.status, SANDBOX_OK);
    return result.value;
}

#endif
