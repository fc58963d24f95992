/*
 * Unit tests for common/hypercall_host.c: the host's side of the hypercall
 * ABI, called directly (no KVM) on a fake VM whose memory is plain host
 * memory. Every guest address is checked against guest memory; a refused
 * call says why on host.refusals, touches nothing and returns the error
 * the guest sees in RAX.
 *
 * The fake VM has two slots: 64 KiB at 0 and one page at the very top of
 * the address space (2^64 - 4096), so that an address + length that wraps
 * around 2^64 would land in real memory if the host forgot to check.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "hypercall_host.h"

#define MEMORY_SIZE 0x10000
#define TOP_PAGE (0ull - 4096) /* 0xfffffffffffff000 */

static uint8_t *memory, *top;
static struct vm vm;
static struct hypercall_host host;
static struct console console;
static FILE *console_out, *refusals_out;
static char *console_text, *refusals_text;
static size_t console_size, refusals_size;

static void set_up(void)
{
    memory = calloc(1, MEMORY_SIZE);
    top = calloc(1, 4096);
    ck_assert(memory && top);
    vm = (struct vm){.fd = -1, .slot_count = 2};
    vm.slots[0] = (struct vm_slot){0, MEMORY_SIZE, memory, 0};
    vm.slots[1] = (struct vm_slot){TOP_PAGE, 4096, top, 0};

    console_text = refusals_text = NULL;
    console_out = open_memstream(&console_text, &console_size);
    refusals_out = open_memstream(&refusals_text, &refusals_size);
    ck_assert(console_out && refusals_out);
    console_init(&console, console_out);
    host = (struct hypercall_host){.vm = &vm,
                                   .console = &console,
                                   .config = "fail-assert",
                                   .refusals = refusals_out};
}

static void tear_down(void)
{
    fclose(console_out);
    fclose(refusals_out);
    free(console_text);
    free(refusals_text);
    free(memory);
    free(top);
}

/* What the console printed so far (a partial line included). */
static const char *console_printed(void)
{
    console_flush(&console);
    fflush(console_out);
    return console_text;
}

static const char *refusals_printed(void)
{
    fflush(refusals_out);
    return refusals_text;
}

/* The refusal line the host prints, as "<program>: hypercall ...". */
static void assert_refusal(const char *line)
{
    char expected[512];

    snprintf(expected, sizeof(expected), "%s: %s\n",
             program_invocation_short_name, line);
    ck_assert_str_eq(refusals_printed(), expected);
}

static void put(uint64_t address, const char *text)
{
    memcpy(memory + address, text, strlen(text) + 1);
}

/* --- hypercall_read_string ---------------------------------------------- */

START_TEST(read_string_in_guest_memory)
{
    char out[64];

    put(0x100, "guests/07-hypercalls.c");
    ck_assert_int_eq(hypercall_read_string(&vm, 0x100, out, sizeof(out)), 22);
    ck_assert_str_eq(out, "guests/07-hypercalls.c");
    put(0x200, "");
    ck_assert_int_eq(hypercall_read_string(&vm, 0x200, out, sizeof(out)), 0);
    ck_assert_str_eq(out, "");
}
END_TEST

START_TEST(read_string_ending_at_the_last_byte_of_memory)
{
    char out[16];

    /* "abc" and its NUL fill the last four bytes of the slot. */
    put(MEMORY_SIZE - 4, "abc");
    ck_assert_int_eq(
        hypercall_read_string(&vm, MEMORY_SIZE - 4, out, sizeof(out)), 3);
    ck_assert_str_eq(out, "abc");
}
END_TEST

START_TEST(read_string_running_off_the_end_of_memory_is_efault)
{
    char out[16];

    memcpy(memory + MEMORY_SIZE - 3, "abc", 3); /* no NUL before the end */
    ck_assert_int_eq(
        hypercall_read_string(&vm, MEMORY_SIZE - 3, out, sizeof(out)),
        -HC_EFAULT);
}
END_TEST

START_TEST(read_string_with_no_nul_within_size_is_einval)
{
    char out[8];

    put(0x100, "abcdefgh"); /* 8 characters + NUL: one too long */
    ck_assert_int_eq(hypercall_read_string(&vm, 0x100, out, sizeof(out)),
                     -HC_EINVAL);
    /* What was read is still a string, cut to fit. */
    ck_assert_str_eq(out, "abcdefg");
    put(0x100, "abcdefg"); /* 7 + NUL: fits exactly */
    ck_assert_int_eq(hypercall_read_string(&vm, 0x100, out, sizeof(out)), 7);
}
END_TEST

START_TEST(read_string_of_size_0_writes_nothing)
{
    char out[4] = "xyz";

    put(0x100, "abc");
    ck_assert_int_eq(hypercall_read_string(&vm, 0x100, out, 0), -HC_EINVAL);
    ck_assert_msg(memcmp(out, "xyz", 4) == 0,
                  "a zero-size buffer was written: '%s'", out);
}
END_TEST

START_TEST(read_string_outside_memory_is_efault)
{
    char out[16];

    ck_assert_int_eq(hypercall_read_string(&vm, MEMORY_SIZE, out, sizeof(out)),
                     -HC_EFAULT);
    ck_assert_int_eq(hypercall_read_string(&vm, 0x40000000, out, sizeof(out)),
                     -HC_EFAULT);
}
END_TEST

START_TEST(read_string_that_wraps_2_64_is_efault)
{
    char out[16];

    /* "xyz" in the last three bytes of the address space, no NUL: the
     * next byte would be address 0, which is guest memory (and holds a
     * NUL). The read must stop at 2^64, not wrap around to it. */
    memcpy(top + 4093, "xyz", 3);
    ck_assert_int_eq(hypercall_read_string(&vm, UINT64_MAX - 2, out,
                                           sizeof(out)),
                     -HC_EFAULT);
    /* With its NUL in the last byte, it is a fine string. */
    memcpy(top + 4093, "xy", 3);
    ck_assert_int_eq(
        hypercall_read_string(&vm, UINT64_MAX - 2, out, sizeof(out)), 2);
    ck_assert_str_eq(out, "xy");
}
END_TEST

/* --- HC_WRITE ----------------------------------------------------------- */

START_TEST(write_goes_to_the_console)
{
    put(0x100, "Hello\nworld\n");
    ck_assert_int_eq(hypercall_dispatch(&host, HC_WRITE, 0x100, 12, 0), 12);
    ck_assert_str_eq(console_printed(), "guest> Hello\nguest> world\n");
    ck_assert_uint_eq(host.calls, 1);
    ck_assert_uint_eq(host.refused, 0);
    ck_assert_str_eq(refusals_printed(), "");
}
END_TEST

START_TEST(write_of_the_last_bytes_of_memory)
{
    memcpy(memory + MEMORY_SIZE - 3, "end", 3);
    ck_assert_int_eq(
        hypercall_dispatch(&host, HC_WRITE, MEMORY_SIZE - 3, 3, 0), 3);
    ck_assert_str_eq(console_printed(), "guest> end\n");
}
END_TEST

START_TEST(write_of_exactly_hc_max_write_bytes)
{
    /* The whole of the first 64 KiB (HC_MAX_WRITE): zeros, no newline. */
    ck_assert_int_eq(MEMORY_SIZE, HC_MAX_WRITE);
    ck_assert_int_eq(hypercall_dispatch(&host, HC_WRITE, 0, HC_MAX_WRITE, 0),
                     HC_MAX_WRITE);
    ck_assert_uint_eq(host.refused, 0);
}
END_TEST

static void assert_write_refused(uint64_t address, uint64_t length,
                                 int64_t error, const char *line)
{
    int64_t result = hypercall_dispatch(&host, HC_WRITE, address, length, 0);

    ck_assert_msg(result == error,
                  "write(%#llx, %#llx) returned %lld, expected %lld",
                  (unsigned long long)address, (unsigned long long)length,
                  (long long)result, (long long)error);
    ck_assert_uint_eq(host.calls, 1);
    ck_assert_uint_eq(host.refused, 1);
    assert_refusal(line);
    ck_assert_msg(strcmp(console_printed(), "") == 0,
                  "a refused write printed: %s", console_printed());
}

START_TEST(write_outside_memory_is_refused)
{
    assert_write_refused(0x40000000, 16, -HC_EFAULT,
                         "hypercall write refused: the buffer is not all in "
                         "guest memory (-EFAULT to the guest)");
}
END_TEST

START_TEST(write_crossing_the_end_of_memory_is_refused)
{
    memcpy(memory + MEMORY_SIZE - 3, "end", 3);
    assert_write_refused(MEMORY_SIZE - 3, 4, -HC_EFAULT,
                         "hypercall write refused: the buffer is not all in "
                         "guest memory (-EFAULT to the guest)");
}
END_TEST

START_TEST(write_that_wraps_2_64_is_refused)
{
    /* 2^64 - 16 + 32 = 16: from the top page into memory at 0. */
    memset(top, 'x', 4096);
    memset(memory, 'y', 64);
    assert_write_refused(UINT64_MAX - 15, 32, -HC_EFAULT,
                         "hypercall write refused: the buffer is not all in "
                         "guest memory (-EFAULT to the guest)");
}
END_TEST

START_TEST(write_longer_than_hc_max_write_is_refused)
{
    assert_write_refused(0, HC_MAX_WRITE + 1, -HC_EINVAL,
                         "hypercall write refused: longer than HC_MAX_WRITE "
                         "bytes (-EINVAL to the guest)");
}
END_TEST

START_TEST(write_of_2_64_minus_1_bytes_is_refused)
{
    assert_write_refused(0x100, UINT64_MAX, -HC_EINVAL,
                         "hypercall write refused: longer than HC_MAX_WRITE "
                         "bytes (-EINVAL to the guest)");
}
END_TEST

START_TEST(refusals_are_counted_and_the_host_goes_on)
{
    put(0x100, "ok\n");
    hypercall_dispatch(&host, HC_WRITE, 0x40000000, 1, 0);
    hypercall_dispatch(&host, HC_WRITE, 0x100, 3, 0);
    hypercall_dispatch(&host, 99, 0, 0, 0);
    ck_assert_uint_eq(host.calls, 3);
    ck_assert_uint_eq(host.refused, 2);
    ck_assert_str_eq(console_printed(), "guest> ok\n");
    ck_assert_int_eq(count_occurrences(refusals_printed(), "\n"), 2);
    ck_assert(!host.exited && !host.assert_failed);
}
END_TEST

START_TEST(no_refusals_file_is_fine)
{
    host.refusals = NULL;
    ck_assert_int_eq(hypercall_dispatch(&host, HC_WRITE, 0x40000000, 1, 0),
                     -HC_EFAULT);
    ck_assert_uint_eq(host.refused, 1);
    ck_assert_str_eq(refusals_printed(), "");
}
END_TEST

/* --- HC_EXIT, HC_ASSERT_FAILED, HC_MEMORY_SIZE -------------------------- */

START_TEST(exit_records_the_status)
{
    ck_assert(!host.exited);
    ck_assert_int_eq(hypercall_dispatch(&host, HC_EXIT, 3, 0, 0), 0);
    ck_assert(host.exited);
    ck_assert_uint_eq(host.exit_status, 3);
    ck_assert(!host.assert_failed);
    ck_assert_uint_eq(host.refused, 0);
}
END_TEST

START_TEST(assert_failed_records_file_line_and_expression)
{
    put(0x100, "guests/07-hypercalls.c");
    put(0x200, "primes == 1000");
    hypercall_dispatch(&host, HC_ASSERT_FAILED, 0x100, 45, 0x200);
    ck_assert(host.assert_failed);
    ck_assert(!host.exited);
    ck_assert_str_eq(host.assert_file, "guests/07-hypercalls.c");
    ck_assert_uint_eq(host.assert_line, 45);
    ck_assert_str_eq(host.assert_expression, "primes == 1000");
    ck_assert_uint_eq(host.refused, 0);
    ck_assert_str_eq(refusals_printed(), "");
}
END_TEST

START_TEST(assert_failed_with_a_file_name_outside_memory_says_so)
{
    put(0x200, "x > 0");
    hypercall_dispatch(&host, HC_ASSERT_FAILED, 0x40000000, 7, 0x200);
    ck_assert(host.assert_failed);
    ck_assert_str_eq(host.assert_file, "(unreadable file name)");
    ck_assert_str_eq(host.assert_expression, "x > 0");
    ck_assert_uint_eq(host.assert_line, 7);
    ck_assert_uint_eq(host.refused, 1);
    assert_refusal("hypercall assert_failed refused: bad file name string "
                   "(-EFAULT to the guest)");
}
END_TEST

START_TEST(assert_failed_with_an_unterminated_file_name_says_so)
{
    /* 2 KiB of 'A': no NUL in the first HC_MAX_STRING bytes. */
    memset(memory + 0x1000, 'A', 2 * HC_MAX_STRING);
    put(0x200, "x > 0");
    hypercall_dispatch(&host, HC_ASSERT_FAILED, 0x1000, 7, 0x200);
    ck_assert(host.assert_failed);
    ck_assert_str_eq(host.assert_file, "(unreadable file name)");
    ck_assert_str_eq(host.assert_expression, "x > 0");
    /* No end within HC_MAX_STRING bytes: EINVAL, not EFAULT. */
    assert_refusal("hypercall assert_failed refused: bad file name string "
                   "(-EINVAL to the guest)");
}
END_TEST

START_TEST(assert_failed_with_an_unreadable_expression_says_so)
{
    put(0x100, "f.c");
    hypercall_dispatch(&host, HC_ASSERT_FAILED, 0x100, 1, 0x40000000);
    ck_assert(host.assert_failed);
    ck_assert_str_eq(host.assert_file, "f.c");
    ck_assert_str_eq(host.assert_expression, "(unreadable expression)");
    assert_refusal("hypercall assert_failed refused: bad expression string "
                   "(-EFAULT to the guest)");
}
END_TEST

START_TEST(memory_size_is_the_size_of_guest_memory)
{
    ck_assert_int_eq(hypercall_dispatch(&host, HC_MEMORY_SIZE, 0, 0, 0),
                     MEMORY_SIZE);
    ck_assert_uint_eq(host.calls, 1);
    ck_assert_uint_eq(host.refused, 0);
}
END_TEST

/* --- HC_GET_CONFIG ------------------------------------------------------ */

START_TEST(get_config_copies_the_string_and_returns_its_length)
{
    memset(memory + 0x100, 0x5a, 64);
    ck_assert_int_eq(hypercall_dispatch(&host, HC_GET_CONFIG, 0x100, 64, 0),
                     11);
    ck_assert_str_eq((char *)memory + 0x100, "fail-assert");
    ck_assert_uint_eq(memory[0x100 + 12], 0x5a); /* nothing after the NUL */
    ck_assert_uint_eq(host.refused, 0);
}
END_TEST

START_TEST(get_config_cuts_at_size_minus_1_and_returns_the_full_length)
{
    memset(memory + 0x100, 0x5a, 64);
    ck_assert_int_eq(hypercall_dispatch(&host, HC_GET_CONFIG, 0x100, 5, 0),
                     11);
    ck_assert_str_eq((char *)memory + 0x100, "fail");
    ck_assert_uint_eq(memory[0x100 + 5], 0x5a);
    /* Size 1: only the NUL fits. */
    ck_assert_int_eq(hypercall_dispatch(&host, HC_GET_CONFIG, 0x200, 1, 0),
                     11);
    ck_assert_uint_eq(memory[0x200], 0);
    /* Exactly enough room. */
    ck_assert_int_eq(hypercall_dispatch(&host, HC_GET_CONFIG, 0x300, 12, 0),
                     11);
    ck_assert_str_eq((char *)memory + 0x300, "fail-assert");
}
END_TEST

START_TEST(get_config_of_an_empty_string)
{
    host.config = "";
    memory[0x100] = 'x';
    ck_assert_int_eq(hypercall_dispatch(&host, HC_GET_CONFIG, 0x100, 64, 0),
                     0);
    ck_assert_uint_eq(memory[0x100], 0);
}
END_TEST

START_TEST(get_config_into_the_last_bytes_of_memory)
{
    ck_assert_int_eq(hypercall_dispatch(&host, HC_GET_CONFIG,
                                        MEMORY_SIZE - 12, 12, 0),
                     11);
    ck_assert_str_eq((char *)memory + MEMORY_SIZE - 12, "fail-assert");
}
END_TEST

START_TEST(get_config_with_a_bad_size_is_refused)
{
    ck_assert_int_eq(hypercall_dispatch(&host, HC_GET_CONFIG, 0x100, 0, 0),
                     -HC_EINVAL);
    ck_assert_int_eq(hypercall_dispatch(&host, HC_GET_CONFIG, 0x100,
                                        HC_MAX_STRING + 1, 0),
                     -HC_EINVAL);
    ck_assert_uint_eq(host.refused, 2);
    ck_assert_int_eq(count_occurrences(refusals_printed(),
                                       ": hypercall get_config refused: a "
                                       "bad buffer size (-EINVAL to the "
                                       "guest)\n"),
                     2);
    ck_assert_int_eq(count_occurrences(refusals_printed(), "\n"), 2);
    ck_assert_uint_eq(memory[0x100], 0); /* untouched */
    /* HC_MAX_STRING itself is allowed. */
    ck_assert_int_eq(hypercall_dispatch(&host, HC_GET_CONFIG, 0x100,
                                        HC_MAX_STRING, 0),
                     11);
}
END_TEST

START_TEST(get_config_into_a_buffer_outside_memory_is_refused)
{
    /* Crossing the end: 8 bytes inside, 56 outside. Nothing is written,
     * not even the part that would fit. */
    ck_assert_int_eq(hypercall_dispatch(&host, HC_GET_CONFIG,
                                        MEMORY_SIZE - 8, 64, 0),
                     -HC_EFAULT);
    for (int i = 8; i > 0; i--)
        ck_assert_msg(memory[MEMORY_SIZE - i] == 0,
                      "a refused get_config wrote at %#x", MEMORY_SIZE - i);
    assert_refusal("hypercall get_config refused: the buffer is not all in "
                   "writable guest memory (-EFAULT to the guest)");
    ck_assert_int_eq(hypercall_dispatch(&host, HC_GET_CONFIG, 0x40000000, 64,
                                        0),
                     -HC_EFAULT);
    /* From the top page round to 0. */
    ck_assert_int_eq(
        hypercall_dispatch(&host, HC_GET_CONFIG, UINT64_MAX - 3, 64, 0),
        -HC_EFAULT);
    ck_assert_uint_eq(top[4092], 0);
    ck_assert_uint_eq(memory[0], 0);
    ck_assert_uint_eq(host.refused, 3);
}
END_TEST

/* --- unknown calls ------------------------------------------------------ */

START_TEST(unknown_call_is_enosys)
{
    ck_assert_int_eq(hypercall_dispatch(&host, 99, 1, 2, 3), -HC_ENOSYS);
    ck_assert_uint_eq(host.calls, 1);
    ck_assert_uint_eq(host.refused, 1);
    assert_refusal("hypercall 99 refused: there is no such call "
                   "(-ENOSYS to the guest)");
    ck_assert_int_eq(hypercall_dispatch(&host, 0, 0, 0, 0), -HC_ENOSYS);
    ck_assert_int_eq(hypercall_dispatch(&host, UINT64_MAX, 0, 0, 0),
                     -HC_ENOSYS);
    ck_assert_uint_eq(host.refused, 3);
    ck_assert(!host.exited && !host.assert_failed);
    ck_assert_str_eq(console_printed(), "");
}
END_TEST

START_TEST(an_exception_vector_past_255_is_not_cut_to_32_bits)
{
    char *text = NULL;
    size_t size = 0;

    host.events = open_memstream(&text, &size);
    ck_assert_ptr_nonnull(host.events);
    hypercall_dispatch(&host, HC_EXCEPTION, 0x10000000dull, 0, 0x1000);
    fclose(host.events);
    host.events = NULL;
    ck_assert_str_eq(text, "host: the guest caught vector 0x10000000d (not "
                           "an exception vector) at rip 0x1000\n");
    free(text);
}
END_TEST

START_TEST(refusals_after_the_first_ten_are_only_counted)
{
    for (int i = 0; i < 25; i++)
        hypercall_dispatch(&host, 99, 0, 0, 0);
    ck_assert_int_eq(host.refused, 25);
    ck_assert_int_eq(count_occurrences(refusals_printed(), "\n"), 10);
}
END_TEST

START_TEST(error_numbers_are_linux_errno_values)
{
    /* The ABI promises Linux's numbers, so a guest may use errno names. */
    ck_assert_int_eq(HC_EFAULT, EFAULT);
    ck_assert_int_eq(HC_EINVAL, EINVAL);
    ck_assert_int_eq(HC_ENOSYS, ENOSYS);
}
END_TEST

Suite *test_suite(void)
{
    Suite *suite = suite_create("unit/hypercall");
    TCase *strings = tcase_create("read_string");
    TCase *calls = tcase_create("dispatch");

    tcase_add_checked_fixture(strings, set_up, tear_down);
    tcase_set_timeout(strings, 10);
    tcase_add_test(strings, read_string_in_guest_memory);
    tcase_add_test(strings, read_string_ending_at_the_last_byte_of_memory);
    tcase_add_test(strings,
                   read_string_running_off_the_end_of_memory_is_efault);
    tcase_add_test(strings, read_string_with_no_nul_within_size_is_einval);
    tcase_add_test(strings, read_string_of_size_0_writes_nothing);
    tcase_add_test(strings, read_string_outside_memory_is_efault);
    tcase_add_test(strings, read_string_that_wraps_2_64_is_efault);
    suite_add_tcase(suite, strings);

    tcase_add_checked_fixture(calls, set_up, tear_down);
    tcase_set_timeout(calls, 10);
    tcase_add_test(calls, write_goes_to_the_console);
    tcase_add_test(calls, an_exception_vector_past_255_is_not_cut_to_32_bits);
    tcase_add_test(calls, refusals_after_the_first_ten_are_only_counted);
    tcase_add_test(calls, write_of_the_last_bytes_of_memory);
    tcase_add_test(calls, write_of_exactly_hc_max_write_bytes);
    tcase_add_test(calls, write_outside_memory_is_refused);
    tcase_add_test(calls, write_crossing_the_end_of_memory_is_refused);
    tcase_add_test(calls, write_that_wraps_2_64_is_refused);
    tcase_add_test(calls, write_longer_than_hc_max_write_is_refused);
    tcase_add_test(calls, write_of_2_64_minus_1_bytes_is_refused);
    tcase_add_test(calls, refusals_are_counted_and_the_host_goes_on);
    tcase_add_test(calls, no_refusals_file_is_fine);
    tcase_add_test(calls, exit_records_the_status);
    tcase_add_test(calls, assert_failed_records_file_line_and_expression);
    tcase_add_test(calls, assert_failed_with_a_file_name_outside_memory_says_so);
    tcase_add_test(calls, assert_failed_with_an_unterminated_file_name_says_so);
    tcase_add_test(calls, assert_failed_with_an_unreadable_expression_says_so);
    tcase_add_test(calls, memory_size_is_the_size_of_guest_memory);
    tcase_add_test(calls, get_config_copies_the_string_and_returns_its_length);
    tcase_add_test(calls,
                   get_config_cuts_at_size_minus_1_and_returns_the_full_length);
    tcase_add_test(calls, get_config_of_an_empty_string);
    tcase_add_test(calls, get_config_into_the_last_bytes_of_memory);
    tcase_add_test(calls, get_config_with_a_bad_size_is_refused);
    tcase_add_test(calls, get_config_into_a_buffer_outside_memory_is_refused);
    tcase_add_test(calls, unknown_call_is_enosys);
    tcase_add_test(calls, error_numbers_are_linux_errno_values);
    suite_add_tcase(suite, calls);
    return suite;
}
