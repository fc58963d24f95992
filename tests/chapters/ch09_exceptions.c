/*
 * Chapter 09 run as a reader runs it.
 *
 * The rip of each exception is an address in the guest's code, which
 * depends on the compiler: those lines are matched with the number left
 * out, as the book marks them.
 */
#include <stdlib.h>

#include "chapter.h"

#define CHAPTER "09-exceptions"

/* The start of the first line; the segment's end depends on the compiler. */
#define LOADED "host: loaded the built-in guest: 1 segment at 0x100000-0x"

/* Does `text` have a line that is `before`, a hex number, then `after`
 * (which ends the line)? */
static bool has_line_with_number(const char *text, const char *before,
                                 const char *after)
{
    for (const char *at = strstr(text, before); at;
         at = strstr(at + 1, before)) {
        const char *number = at + strlen(before);
        size_t digits = strspn(number, "0123456789abcdef");

        if ((at == text || at[-1] == '\n') && digits > 0 &&
            strncmp(number + digits, after, strlen(after)) == 0)
            return true;
    }
    return false;
}

#define ck_assert_line(text, before, after)                                    \
    ck_assert_msg(has_line_with_number((text), (before), (after)),             \
                  "no line \"%s<hex>%s\" in:\n%.3000s", (before), (after),     \
                  (text))

/* The five lines of the host's, in order, each after the one before. */
static void assert_five_caught(const char *out)
{
    static const char *const lines[][2] = {
        {"host: the guest caught #DE (divide error) at rip 0x", "\n"},
        {"host: the guest caught #UD (invalid opcode) at rip 0x", "\n"},
        {"host: the guest caught #PF (page fault) at rip 0x",
         ", cr2 0x40000000, error code 0 (read, not present, kernel)\n"},
        {"host: the guest caught #PF (page fault) at rip 0x",
         ", cr2 0x40000000, error code 0x2 (write, not present, kernel)\n"},
        {"host: the guest caught #GP (general protection) at rip 0x",
         ", error code 0\n"},
    };
    const char *at = strstr(out, "guest> IDT installed; now five "
                                 "exceptions\n");

    ck_assert_msg(at, "the guest did not say it installed its IDT:\n%.3000s",
                  out);
    for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
        at = strchr(at, '\n') + 1;
        ck_assert_line(at, lines[i][0], lines[i][1]);
        ck_assert_msg(strncmp(at, lines[i][0], strlen(lines[i][0])) == 0,
                      "line %zu is not \"%s...\":\n%.3000s", i + 1, lines[i][0],
                      out);
    }
    at = strchr(at, '\n') + 1;
    ck_assert_msg(strncmp(at, "guest> survived them all\n", 25) == 0,
                  "no \"survived them all\" after the five:\n%.3000s", out);
    ck_assert_int_eq(count_occurrences(out, "host: the guest caught "), 5);
}

START_TEST(plain_run_catches_five_exceptions_and_exits_0)
{
    const char *tail;
    struct process p;

    REQUIRE_KVM();
    run_chapter(&p, CHAPTER, NULL, NULL, NULL);
    ck_assert_msg(p.exit_code == 0, "exit %d; stderr:\n%.3000s", p.exit_code,
                  p.err);
    ck_assert_str_eq(p.err, "");
    ck_assert_msg(strncmp(p.out, LOADED, strlen(LOADED)) == 0,
                  "first line:\n%.300s", p.out);
    ck_assert_msg(strstr(p.out, "\n") &&
                      strstr(p.out, "guest> IDT installed; now five "
                                    "exceptions\n") == strstr(p.out, "\n") + 1,
                  "second line:\n%.3000s", p.out);
    assert_five_caught(p.out);
    tail = strstr(p.out, "guest> survived them all\n");
    ck_assert_str_eq(tail, "guest> survived them all\n"
                           "host: the guest exited after 9 exits, 9 "
                           "hypercalls (0 refused)\n"
                           "host: exit status 0\n"
                           "host: 5 exceptions caught, vectors, error codes "
                           "and cr2 as expected: ok\n");
    process_free(&p);
}
END_TEST

START_TEST(trace_shows_one_hypercall_per_exception)
{
    struct process p;

    REQUIRE_KVM();
    run_chapter(&p, CHAPTER, "--trace", NULL, NULL);
    ck_assert_int_eq(p.exit_code, 0);
    /* HC_EXCEPTION is call 6: (vector, error code, rip). */
    ck_assert_int_eq(count_occurrences(p.out, "trace: hypercall 6("), 5);
    ck_assert_line(p.out, "trace: hypercall 6(0, 0, 0x", ") = 0\n");
    ck_assert_line(p.out, "trace: hypercall 6(0x6, 0, 0x", ") = 0\n");
    ck_assert_line(p.out, "trace: hypercall 6(0xe, 0, 0x", ") = 0\n");
    ck_assert_line(p.out, "trace: hypercall 6(0xe, 0x2, 0x", ") = 0\n");
    ck_assert_line(p.out, "trace: hypercall 6(0xd, 0, 0x", ") = 0\n");
    /* The exceptions themselves are not exits: only port I/O is. */
    ck_assert_int_eq(count_occurrences(p.out, ": KVM_EXIT_"),
                     count_occurrences(p.out, ": KVM_EXIT_IO out port 0xf00 "));
    process_free(&p);
}
END_TEST

#define SHUTDOWN_LINES                                                         \
    CHAPTER ": guest stopped with KVM_EXIT_SHUTDOWN — a triple fault: an "   \
            "exception happened while the CPU could not deliver one (no "      \
            "IDT, a bad IDT entry or a bad stack), so it gave up\n"            \
            "registers when it stopped:\n"

START_TEST(no_idt_is_a_triple_fault_exit_1)
{
    struct process p;

    REQUIRE_KVM();
    run_chapter(&p, CHAPTER, "--no-idt", NULL, NULL);
    ck_assert_msg(p.exit_code == 1, "exit %d, expected 1; stderr:\n%.3000s",
                  p.exit_code, p.err);
    assert_five_caught(p.out);
    ck_assert_msg(strstr(p.out, "guest> survived them all\n"
                                "guest> removing my IDT, then ud2\n"),
                  "stdout:\n%.3000s", p.out);
    ck_assert_msg(!strstr(p.out, "exit status") &&
                      !strstr(p.out, "as expected"),
                  "a dead guest was reported as done:\n%.3000s", p.out);
    ck_assert_msg(strncmp(p.err, SHUTDOWN_LINES, strlen(SHUTDOWN_LINES)) == 0,
                  "stderr:\n%.3000s", p.err);
    ck_assert(strstr(p.err, "\ncr0="));
    ck_assert(strstr(p.err, "\ncs  sel="));
    if (harness_host_resets_after_triple_fault())
        /* AMD: KVM reset the vCPU after the shutdown; the dump shows the
         * reset state, whose IDT is base 0 limit 0xffff. */
        ck_assert(strstr(p.err, "idt base="));
    else
        ck_assert_msg(strstr(p.err, "idt base=00000000 limit=0000\n"),
                      "the dump does not show the removed IDT:\n%.3000s",
                      p.err);
    process_free(&p);
}
END_TEST

START_TEST(jump_nowhere_is_an_emulation_failure_exit_1)
{
    struct process p;

    REQUIRE_KVM();
    run_chapter(&p, CHAPTER, "--jump-nowhere", NULL, NULL);
    ck_assert_msg(p.exit_code == 1, "exit %d, expected 1; stderr:\n%.3000s",
                  p.exit_code, p.err);
    assert_five_caught(p.out);
    ck_assert_msg(strstr(p.out, "guest> jumping to 0x20000000\n"),
                  "stdout:\n%.3000s", p.out);
    ck_assert(!strstr(p.out, "exit status"));
    ck_assert_msg(strstr(p.err,
                         CHAPTER ": guest stopped with "
                                 "KVM_EXIT_INTERNAL_ERROR suberror 1 — KVM "
                                 "could not emulate an instruction: code "
                                 "fetched from an address with no memory "
                                 "behind it, or an instruction KVM's emulator "
                                 "does not know\n"
                                 "  the code at 0x20000000 (cs.base + rip) "
                                 "has no memory behind it: the guest jumped "
                                 "where there is no memory slot\n"
                                 "registers when it stopped:\n") == p.err,
                  "stderr:\n%.3000s", p.err);
    ck_assert(strstr(p.err, " rip=0000000020000000\n"));
    process_free(&p);
}
END_TEST

START_TEST(help_lists_both_ways_to_die)
{
    struct process p;

    run_chapter(&p, CHAPTER, "--help", NULL, NULL);
    ck_assert_int_eq(p.exit_code, 0);
    ck_assert_msg(strstr(p.out, "usage: " CHAPTER " [options]\n"),
                  "--help:\n%.3000s", p.out);
    ck_assert(strstr(p.out, "\n  --no-idt "));
    ck_assert(strstr(p.out, "(a triple fault)\n"));
    ck_assert(strstr(p.out, "\n  --jump-nowhere "));
    ck_assert(strstr(p.out, "--guest FILE"));
    ck_assert(strstr(p.out, "an ELF64 executable"));
    ck_assert_str_eq(p.err, "");
    process_free(&p);
}
END_TEST

Suite *test_suite(void)
{
    const TTest *const tests[] = {
        plain_run_catches_five_exceptions_and_exits_0,
        trace_shows_one_hypercall_per_exception,
        no_idt_is_a_triple_fault_exit_1,
        jump_nowhere_is_an_emulation_failure_exit_1,
        help_lists_both_ways_to_die,
        NULL,
    };

    return chapter_suite(CHAPTER, tests);
}
