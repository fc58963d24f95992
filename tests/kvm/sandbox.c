/*
 * KVM tests for chapter 13's sandbox (common/sandbox.c): calls and their
 * results, state kept between calls and gone after a reset (memory,
 * XMM0, a segment register), the pages a reset puts back, and every
 * hostile program of guests/tests/sandbox-probe.c contained: a runaway,
 * a flood of host calls, buffers outside the shared buffer or wrapping,
 * ports that are not host calls, and each kind of fault, after which a
 * reset makes the sandbox work again.
 */
#include <elf.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "guest.h"
#include "harness.h"
#include "sandbox.h"
#include "sandbox_probe.h"

GUEST_EMBEDDED(guest_tests_sandbox_probe);
GUEST_EMBEDDED(guest_13_sandbox);
GUEST_EMBEDDED(guest_07_hypercalls);

#define TIMEOUT 0.3

struct probe {
    struct sandbox *sandbox;
    unsigned long host_function_calls;
    unsigned long output_bytes;
};

static int64_t count_call(void *context, const struct sandbox_args *args)
{
    struct probe *probe = context;

    (void)args;
    return (int64_t)++probe->host_function_calls;
}

static const struct sandbox_function functions[] = {
    {"count", false, count_call},
};

static void count_output(void *context, const char *text, size_t length)
{
    struct probe *probe = context;

    (void)text;
    probe->output_bytes += length;
}

static struct sandbox_config probe_config(struct probe *probe,
                                          enum sandbox_reset_way way)
{
    struct sandbox_config config = sandbox_defaults();

    config.timeout = TIMEOUT;
    config.reset_way = way;
    config.functions = functions;
    config.function_count = 1;
    config.output = count_output;
    config.context = probe;
    return config;
}

static void create(struct probe *probe, enum sandbox_reset_way way)
{
    struct sandbox_config config = probe_config(probe, way);
    struct guest_image image = GUEST_IMAGE(guest_tests_sandbox_probe);
    const char *failed_step = "";
    struct sandbox_init init;

    memset(probe, 0, sizeof(*probe));
    ck_assert_msg(sandbox_create(&probe->sandbox, &config, image.data,
                                 image.size, &init, &failed_step) == 0,
                  "sandbox_create: %s: %s", failed_step, strerror(errno));
}

static struct sandbox_result call(struct probe *probe, int function,
                                  uint64_t argument, const char *input)
{
    struct sandbox_result result;

    ck_assert_msg(sandbox_call(probe->sandbox, function, argument, input,
                               input ? strlen(input) : 0, &result) == 0,
                  "sandbox_call(%d): %s", function, strerror(errno));
    return result;
}

static long reset(struct probe *probe)
{
    struct sandbox_reset_stats stats;

    ck_assert_msg(sandbox_reset(probe->sandbox, &stats) == 0,
                  "sandbox_reset: %s", strerror(errno));
    return stats.pages;
}

/* After a failure: a reset, and then the sandbox works again. */
static void recovers(struct probe *probe)
{
    struct sandbox_result result;

    ck_assert(sandbox_needs_reset(probe->sandbox));
    ck_assert_int_eq(sandbox_call(probe->sandbox, PROBE_NOTHING, 0, NULL, 0,
                                  &result),
                     -1);
    ck_assert_int_eq(errno, EBUSY);
    reset(probe);
    result = call(probe, PROBE_NOTHING, 0, NULL);
    ck_assert_int_eq(result.status, SANDBOX_OK);
    ck_assert_int_eq(result.value, 0);
}

START_TEST(the_demo_program_answers)
{
    struct sandbox_config config = sandbox_defaults();
    struct guest_image image = GUEST_IMAGE(guest_13_sandbox);
    struct probe probe = {0};
    struct sandbox_result result;
    const char *failed_step = "";
    struct sandbox_init init = {.value = -1};

    REQUIRE_KVM();
    config.output = count_output;
    config.context = &probe;
    ck_assert_int_eq(sandbox_create(&probe.sandbox, &config, image.data,
                                    image.size, &init, &failed_step),
                     0);
    ck_assert_int_eq(init.value, 0);
    ck_assert_msg(probe.output_bytes > 0, "sandbox_init() printed nothing");
    ck_assert_int_eq(sandbox_call(probe.sandbox, 1 /* SHOUT */, 0, "abc z",
                                  5, &result),
                     0);
    ck_assert_int_eq(result.status, SANDBOX_OK);
    ck_assert_int_eq(result.value, 5);
    ck_assert_int_eq(result.length, 5);
    ck_assert_mem_eq(result.data, "ABC Z", 5);
    ck_assert_int_eq(result.exits, 1); /* one exit: its SANDBOX_RETURN */
    sandbox_destroy(probe.sandbox);
}
END_TEST

START_TEST(state_is_kept_between_calls_and_gone_after_a_reset)
{
    struct probe probe;
    struct sandbox_result result;
    uint64_t xmm0;

    int64_t es;

    REQUIRE_KVM();
    create(&probe, SANDBOX_RESET_DIRTY_LOG);
    es = call(&probe, PROBE_LOOK, 0, NULL).value; /* as the snapshot has it */
    reset(&probe);
    call(&probe, PROBE_KEEP, 0, "secret!!");
    result = call(&probe, PROBE_LOOK, 0, NULL);
    ck_assert_int_eq(result.length, 16);
    ck_assert_mem_eq(result.data, "secret!!secret!!", 16);
    reset(&probe);
    result = call(&probe, PROBE_LOOK, 0, NULL);
    ck_assert_int_eq(result.status, SANDBOX_OK);
    ck_assert_int_eq(result.length, 8); /* no bytes kept, then XMM0 */
    memcpy(&xmm0, result.data, 8);
    ck_assert_msg(memcmp(&xmm0, "secret!!", 8) != 0,
                  "XMM0 still holds the last call's secret after a reset");
    ck_assert_int_eq(result.value, es); /* ES: as at the snapshot */
    sandbox_destroy(probe.sandbox);
}
END_TEST

START_TEST(copy_all_resets_forget_too)
{
    struct probe probe;
    struct sandbox_result result;

    REQUIRE_KVM();
    create(&probe, SANDBOX_RESET_COPY_ALL);
    call(&probe, PROBE_KEEP, 0, "secret!!");
    reset(&probe);
    result = call(&probe, PROBE_LOOK, 0, NULL);
    ck_assert_int_eq(result.length, 8);
    ck_assert_msg(memcmp(result.data, "secret!!", 8) != 0,
                  "XMM0 still holds the last call's secret after a reset");
    sandbox_destroy(probe.sandbox);
}
END_TEST

START_TEST(a_dirty_log_reset_puts_back_the_pages_written)
{
    struct probe probe;
    long base;

    REQUIRE_KVM();
    create(&probe, SANDBOX_RESET_DIRTY_LOG);
    call(&probe, PROBE_DIRTY, 0, NULL);
    base = reset(&probe); /* the stack's page */
    ck_assert_int_ge(base, 1);
    for (int pages = 1; pages <= 16; pages *= 2) {
        ck_assert_int_eq(call(&probe, PROBE_DIRTY, pages, NULL).value,
                         pages);
        ck_assert_int_eq(reset(&probe), base + pages);
    }
    /* The input the host wrote into the shared buffer: one page more. */
    call(&probe, PROBE_NOTHING, 0, "x");
    ck_assert_int_eq(reset(&probe), base + 1);
    sandbox_destroy(probe.sandbox);
}
END_TEST

START_TEST(a_copy_all_reset_puts_back_every_writable_page)
{
    struct probe probe;
    const struct sandbox_layout *layout;
    long writable;

    REQUIRE_KVM();
    create(&probe, SANDBOX_RESET_COPY_ALL);
    layout = sandbox_layout(probe.sandbox);
    writable = (layout->shared_size + layout->stack - layout->heap) / 4096 +
               layout->data_pages;
    call(&probe, PROBE_DIRTY, 3, NULL);
    ck_assert_int_eq(reset(&probe), writable);
    sandbox_destroy(probe.sandbox);
}
END_TEST

START_TEST(a_runaway_is_stopped_by_the_time_limit)
{
    struct probe probe;
    struct sandbox_result result;

    REQUIRE_KVM();
    create(&probe, SANDBOX_RESET_DIRTY_LOG);
    result = call(&probe, PROBE_SPIN, 0, NULL);
    ck_assert_int_eq(result.status, SANDBOX_TIMED_OUT);
    recovers(&probe);
    /* The timer's later signals do not cut the next calls short. */
    for (int i = 0; i < 20; i++)
        ck_assert_int_eq(call(&probe, PROBE_HOST_CALLS, 5, NULL).status,
                         SANDBOX_OK);
    sandbox_destroy(probe.sandbox);
}
END_TEST

START_TEST(host_calls_reach_the_host_function)
{
    struct probe probe;
    struct sandbox_result result;

    REQUIRE_KVM();
    create(&probe, SANDBOX_RESET_DIRTY_LOG);
    result = call(&probe, PROBE_HOST_CALLS, 250, NULL);
    ck_assert_int_eq(result.status, SANDBOX_OK);
    ck_assert_int_eq(result.value, 0); /* none refused */
    ck_assert_int_eq(probe.host_function_calls, 250);
    ck_assert_int_eq(result.host_calls, 251); /* and SANDBOX_RETURN */
    ck_assert_int_eq(result.exits, 251);
    sandbox_destroy(probe.sandbox);
}
END_TEST

START_TEST(a_flood_of_bad_host_calls_ends_the_call)
{
    struct probe probe;
    struct sandbox_result result;

    REQUIRE_KVM();
    create(&probe, SANDBOX_RESET_DIRTY_LOG);
    result = call(&probe, PROBE_FLOOD, 100000, NULL);
    ck_assert_int_eq(result.status, SANDBOX_TOO_MANY_REFUSALS);
    ck_assert_int_eq(result.refusals, 100);
    ck_assert_int_eq(result.host_calls, 100);
    recovers(&probe);
    sandbox_destroy(probe.sandbox);
}
END_TEST

START_TEST(buffers_outside_the_shared_buffer_are_refused)
{
    struct probe probe;
    struct sandbox_result result;

    REQUIRE_KVM();
    create(&probe, SANDBOX_RESET_DIRTY_LOG);
    result = call(&probe, PROBE_BAD_BUFFERS, 0, NULL);
    ck_assert_int_eq(result.status, SANDBOX_OK);
    ck_assert_int_eq(result.value, 7); /* the guest saw 7 refusals */
    ck_assert_int_eq(result.refusals, 7);
    ck_assert_int_eq(probe.output_bytes, 0);
    sandbox_destroy(probe.sandbox);
}
END_TEST

START_TEST(ports_that_are_not_host_calls_are_refused)
{
    struct probe probe;
    struct sandbox_result result;

    REQUIRE_KVM();
    create(&probe, SANDBOX_RESET_DIRTY_LOG);
    result = call(&probe, PROBE_PORTS, 0, NULL);
    ck_assert_int_eq(result.status, SANDBOX_OK);
    ck_assert_int_eq(result.value, 0xff);
    ck_assert_int_eq(result.refusals, 2);
    sandbox_destroy(probe.sandbox);
}
END_TEST

START_TEST(returned_data_outside_the_buffer_is_refused)
{
    struct probe probe;
    struct sandbox_result result;

    REQUIRE_KVM();
    create(&probe, SANDBOX_RESET_DIRTY_LOG);
    result = call(&probe, PROBE_RETURN_OUTSIDE, 0, NULL);
    /* Refused, the program's ud2 after it is a fault. */
    ck_assert_int_eq(result.refusals, 1);
    ck_assert_int_eq(result.status, SANDBOX_CRASHED);
    recovers(&probe);
    sandbox_destroy(probe.sandbox);
}
END_TEST

static const char *const fault_names[PROBE_FAULTS] = {
    "ud2",       "a write to its code",    "a jump to data",
    "a read of the page tables", "a read of the GDT", "hlt",
    "syscall",   "int3", "a read past its memory",
};

START_TEST(every_fault_crashes_the_call_only)
{
    struct probe probe;
    struct sandbox_result result;
    int fault = _i;

    REQUIRE_KVM();
    create(&probe, SANDBOX_RESET_DIRTY_LOG);
    result = call(&probe, PROBE_FAULT, fault, NULL);
    ck_assert_msg(result.status == SANDBOX_CRASHED,
                  "%s: %s, value %lld, not a crash", fault_names[fault],
                  sandbox_status_text(result.status),
                  (long long)result.value);
    ck_assert_str_eq(result.crash, "KVM_EXIT_SHUTDOWN");
    recovers(&probe);
    sandbox_destroy(probe.sandbox);
}
END_TEST

START_TEST(the_start_up_input_is_part_of_the_snapshot)
{
    struct probe probe = {0};
    struct sandbox_config config = probe_config(&probe, SANDBOX_RESET_AUTO);
    struct guest_image image = GUEST_IMAGE(guest_tests_sandbox_probe);
    struct sandbox_result result;
    struct sandbox_init init;
    const char *failed_step = "";

    REQUIRE_KVM();
    config.init_input = "start-up";
    config.init_input_length = 8;
    ck_assert_int_eq(sandbox_create(&probe.sandbox, &config, image.data,
                                    image.size, &init, &failed_step),
                     0);
    call(&probe, PROBE_KEEP, 0, "later!!!");
    reset(&probe);
    result = call(&probe, PROBE_LOOK, 0, NULL);
    ck_assert_int_eq(result.length, 16);
    ck_assert_mem_eq(result.data, "start-up", 8);
    sandbox_destroy(probe.sandbox);
}
END_TEST

START_TEST(a_start_up_that_fails_says_why)
{
    struct probe probe = {0};
    struct sandbox_config config = probe_config(&probe, SANDBOX_RESET_AUTO);
    struct guest_image image = GUEST_IMAGE(guest_tests_sandbox_probe);
    struct sandbox_init init;
    const char *failed_step = "";

    REQUIRE_KVM();
    config.init_input = "fail";
    config.init_input_length = 4;
    ck_assert_int_eq(sandbox_create(&probe.sandbox, &config, image.data,
                                    image.size, &init, &failed_step),
                     -1);
    ck_assert_int_eq(errno, ECANCELED);
    ck_assert_ptr_null(probe.sandbox);
    ck_assert_int_eq(init.value, 7);
    ck_assert_str_eq(init.message, "told to fail");
}
END_TEST

START_TEST(input_larger_than_the_buffer_is_refused)
{
    struct probe probe;
    struct sandbox_result result;
    static char big[(64 << 10) + 1];

    REQUIRE_KVM();
    create(&probe, SANDBOX_RESET_DIRTY_LOG);
    ck_assert_int_eq(sandbox_call(probe.sandbox, PROBE_NOTHING, 0, big,
                                  sizeof(big), &result),
                     -1);
    ck_assert_int_eq(errno, E2BIG);
    sandbox_destroy(probe.sandbox);
}
END_TEST

START_TEST(programs_that_are_not_sandbox_programs_are_refused)
{
    struct sandbox_config config = sandbox_defaults();
    struct guest_image chapter07 = GUEST_IMAGE(guest_07_hypercalls);
    struct guest_image probe = GUEST_IMAGE(guest_tests_sandbox_probe);
    struct sandbox *sandbox = NULL;
    const char *failed_step = "";
    uint8_t *copy;
    Elf64_Ehdr header;
    struct sandbox_init init;

    REQUIRE_KVM();
    copy = malloc(probe.size); /* after the skip: it would leak */
    ck_assert_int_eq(sandbox_create(&sandbox, &config,
                                    (const uint8_t *)"not an ELF file", 15,
                                    &init, &failed_step),
                     -1);
    ck_assert_int_eq(errno, ENOEXEC);
    ck_assert_ptr_null(sandbox);
    /* Chapter 07's guests are linked at 1 MiB, below SANDBOX_PROGRAM. */
    ck_assert_int_eq(sandbox_create(&sandbox, &config, chapter07.data,
                                    chapter07.size, &init,
                                    &failed_step),
                     -1);
    ck_assert_int_eq(errno, ENOEXEC);
    /* The probe with its data segment made executable as well. */
    memcpy(copy, probe.data, probe.size);
    memcpy(&header, copy, sizeof(header));
    for (int i = 0; i < header.e_phnum; i++) {
        Elf64_Phdr *segment =
            (Elf64_Phdr *)(copy + header.e_phoff + i * sizeof(Elf64_Phdr));

        if (segment->p_flags & PF_W)
            segment->p_flags |= PF_X;
    }
    ck_assert_int_eq(sandbox_create(&sandbox, &config, copy, probe.size,
                                    &init, &failed_step),
                     -1);
    ck_assert_int_eq(errno, ENOEXEC);
    ck_assert_msg(strstr(failed_step, "writable and executable"), "%s",
                  failed_step);
    free(copy);
}
END_TEST

START_TEST(bad_configurations_are_refused)
{
    struct sandbox_config config = sandbox_defaults();
    struct guest_image image = GUEST_IMAGE(guest_tests_sandbox_probe);
    struct sandbox *sandbox = NULL;
    const char *failed_step = "";
    struct sandbox_init init;

    config.shared_size = 3000; /* not whole pages */
    ck_assert_int_eq(sandbox_create(&sandbox, &config, image.data,
                                    image.size, &init, &failed_step),
                     -1);
    ck_assert_int_eq(errno, EINVAL);
    config = sandbox_defaults();
    config.memory_size = SANDBOX_PROGRAM; /* no room for the program */
    ck_assert_int_eq(sandbox_create(&sandbox, &config, image.data,
                                    image.size, &init, &failed_step),
                     -1);
    ck_assert_int_eq(errno, EINVAL);
}
END_TEST

START_TEST(sandboxes_leak_nothing)
{
    int fds;
    long rss;

    REQUIRE_KVM();
    for (int i = 0; i < 3; i++) { /* warm up the allocator */
        struct probe probe;

        create(&probe, SANDBOX_RESET_DIRTY_LOG);
        sandbox_destroy(probe.sandbox);
    }
    fds = harness_open_fds();
    rss = harness_rss_kib();
    for (int i = 0; i < 40; i++) {
        struct probe probe;

        create(&probe, i % 2 ? SANDBOX_RESET_COPY_ALL
                             : SANDBOX_RESET_DIRTY_LOG);
        call(&probe, PROBE_DIRTY, 4, NULL);
        reset(&probe);
        sandbox_destroy(probe.sandbox);
    }
    ck_assert_int_eq(harness_open_fds(), fds);
    ck_assert_msg(harness_rss_kib() - rss < 4096,
                  "RSS grew by %ld KiB over 40 sandboxes",
                  harness_rss_kib() - rss);
}
END_TEST

Suite *test_suite(void)
{
    Suite *suite = suite_create("sandbox");
    TCase *tc = tcase_create("sandbox");

    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, the_demo_program_answers);
    tcase_add_test(tc, state_is_kept_between_calls_and_gone_after_a_reset);
    tcase_add_test(tc, copy_all_resets_forget_too);
    tcase_add_test(tc, a_dirty_log_reset_puts_back_the_pages_written);
    tcase_add_test(tc, a_copy_all_reset_puts_back_every_writable_page);
    tcase_add_test(tc, a_runaway_is_stopped_by_the_time_limit);
    tcase_add_test(tc, host_calls_reach_the_host_function);
    tcase_add_test(tc, a_flood_of_bad_host_calls_ends_the_call);
    tcase_add_test(tc, buffers_outside_the_shared_buffer_are_refused);
    tcase_add_test(tc, ports_that_are_not_host_calls_are_refused);
    tcase_add_test(tc, returned_data_outside_the_buffer_is_refused);
    tcase_add_loop_test(tc, every_fault_crashes_the_call_only, 0,
                        PROBE_FAULTS);
    tcase_add_test(tc, the_start_up_input_is_part_of_the_snapshot);
    tcase_add_test(tc, a_start_up_that_fails_says_why);
    tcase_add_test(tc, input_larger_than_the_buffer_is_refused);
    tcase_add_test(tc, programs_that_are_not_sandbox_programs_are_refused);
    tcase_add_test(tc, bad_configurations_are_refused);
    tcase_add_test(tc, sandboxes_leak_nothing);
    suite_add_tcase(suite, tc);
    return suite;
}
