/*
 * Chapter 07 run as a reader runs it.
 */
#include <stdlib.h>

#include "chapter.h"

#define CHAPTER "07-hypercalls"
#define GUEST_SOURCE "guests/07-hypercalls.c"

/* The guest's own lines, the same on every host. */
#define GUEST_LINES                                                            \
    "guest> Hello from C in long mode!\n"                                      \
    "guest> my memory: 16 MiB\n"                                               \
    "guest> my configuration: \"\"\n"                                          \
    "guest> 168 primes below 1000\n"

START_TEST(plain_run_prints_the_guest_and_exit_status_0)
{
    struct process p;
    const char *guest;

    REQUIRE_KVM();
    run_chapter(&p, CHAPTER, NULL, NULL, NULL);
    ck_assert_msg(p.exit_code == 0, "exit %d; stderr:\n%s", p.exit_code,
                  p.err);
    ck_assert_str_eq(p.err, "");
    /* The loaded line's end address depends on the compiler; its start
     * and the entry are guest.ld's. */
    ck_assert_msg(strncmp(p.out,
                          "host: loaded the built-in guest: 1 segment at "
                          "0x100000-0x",
                          strlen("host: loaded the built-in guest: 1 "
                                 "segment at 0x100000-0x")) == 0,
                  "first line:\n%s", p.out);
    ck_assert_msg(strstr(p.out, ", entry 0x100000\n"), "stdout:\n%s", p.out);
    guest = strstr(p.out, "\n" GUEST_LINES);
    ck_assert_msg(guest, "guest lines missing or out of order:\n%s", p.out);
    ck_assert_str_eq(guest + 1,
                     GUEST_LINES
                     "host: the guest exited after 7 exits, 7 hypercalls "
                     "(0 refused)\n"
                     "host: exit status 0\n");
    process_free(&p);
}
END_TEST

START_TEST(fail_assert_prints_a_compiler_style_error_and_exits_1)
{
    int line = harness_source_line(GUEST_SOURCE, "assert(primes == 1000)");
    char expected[256];
    struct process p;

    REQUIRE_KVM();
    ck_assert_msg(line > 0, "no assert(primes == 1000) in " GUEST_SOURCE);
    run_chapter(&p, CHAPTER, "--fail-assert", NULL, NULL);
    ck_assert_msg(p.exit_code == 1, "exit %d, expected 1; stderr:\n%s",
                  p.exit_code, p.err);
    snprintf(expected, sizeof(expected),
             GUEST_SOURCE ":%d: assertion failed: primes == 1000\n", line);
    ck_assert_str_eq(p.err, expected);
    ck_assert_msg(strstr(p.out, "guest> my configuration: \"fail-assert\"\n"
                                "guest> 168 primes below 1000\n"),
                  "stdout:\n%s", p.out);
    ck_assert_msg(!strstr(p.out, "exit status"),
                  "an assertion is not an exit:\n%s", p.out);
    process_free(&p);
}
END_TEST

START_TEST(trace_shows_every_hypercall_and_its_result)
{
    struct process p;

    REQUIRE_KVM();
    run_chapter(&p, CHAPTER, "--trace", NULL, NULL);
    ck_assert_int_eq(p.exit_code, 0);
    /* Four writes, whose results are their lengths. */
    ck_assert_msg(count_occurrences(p.out, "trace: hypercall 1(") == 4,
                  "expected 4 HC_WRITE lines:\n%s", p.out);
    ck_assert(strstr(p.out, ", 0x1b, 0) = 27\n")); /* "Hello ...!\n" */
    /* HC_MEMORY_SIZE's answer, HC_GET_CONFIG into a 64-byte buffer, and
     * the exit. */
    ck_assert_msg(strstr(p.out, "trace: hypercall 4(0, 0, 0) = 16777216\n"),
                  "stdout:\n%s", p.out);
    ck_assert(strstr(p.out, "trace: hypercall 5(0x"));
    ck_assert(strstr(p.out, ", 0x40, 0) = 0\n"));
    ck_assert(strstr(p.out, "trace: hypercall 2(0, 0, 0) = 0\n"));
    /* Each one is a port write to HYPERCALL_PORT. */
    ck_assert_int_eq(count_occurrences(p.out, ": KVM_EXIT_IO out port 0xf00 "
                                              "size 4 count 1"),
                     7);
    process_free(&p);
}
END_TEST

START_TEST(help_says_the_guest_is_an_elf64_executable)
{
    struct process p;

    run_chapter(&p, CHAPTER, "--help", NULL, NULL);
    ck_assert_int_eq(p.exit_code, 0);
    ck_assert_msg(strstr(p.out, "an ELF64 executable (ET_EXEC, x86-64)"),
                  "--help:\n%s", p.out);
    ck_assert(strstr(p.out, "--fail-assert"));
    ck_assert(strstr(p.out, "--guest FILE"));
    ck_assert_str_eq(p.err, "");
    process_free(&p);
}
END_TEST

START_TEST(guest_option_runs_an_elf_file)
{
    char path[512];
    struct process p;

    REQUIRE_KVM();
    /* The built-in guest's own ELF file, as the Makefile left it. */
    snprintf(path, sizeof(path), "%s/guests/07-hypercalls.elf",
             harness_build_dir());
    run_chapter(&p, CHAPTER, "--guest", path, NULL);
    ck_assert_msg(p.exit_code == 0, "exit %d; stderr:\n%s", p.exit_code,
                  p.err);
    ck_assert_msg(strstr(p.out, "host: loaded ") &&
                      strstr(p.out, "07-hypercalls.elf: 1 segment at "
                                    "0x100000-0x"),
                  "stdout:\n%s", p.out);
    ck_assert(strstr(p.out, GUEST_LINES));
    ck_assert(strstr(p.out, "host: exit status 0\n"));
    process_free(&p);
}
END_TEST

Suite *test_suite(void)
{
    const TTest *const tests[] = {
        plain_run_prints_the_guest_and_exit_status_0,
        fail_assert_prints_a_compiler_style_error_and_exits_1,
        trace_shows_every_hypercall_and_its_result,
        help_says_the_guest_is_an_elf64_executable,
        guest_option_runs_an_elf_file,
        NULL,
    };

    return chapter_suite(CHAPTER, tests);
}
