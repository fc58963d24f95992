/*
 * Chapter 10 run as a reader runs it: both parts, the dead guest, the
 * --measure line, and the book page. The "loaded" lines end in an address
 * the compiler chooses, so the comparison starts after them.
 */
#include <stdlib.h>

#include "chapter.h"

#define CHAPTER "10-interrupts"

#define PART1                                                                  \
    "host: part 1: no interrupt controller in the kernel\n"                   \
    "host: the guest rang with IF=0: vector 0x25 waits for an interrupt "     \
    "window\n"                                                                 \
    "guest> IF=0: rang the doorbell; interrupts taken so far: 0\n"

#define PART1_END                                                              \
    "guest> after sti: took the doorbell's interrupt (vector 0x25)\n"         \
    "guest> took 3 timer ticks, each injected by the host\n"                  \
    "host: KVM_INTERRUPT injected 4 vectors: 1 doorbell, 3 timer ticks\n"

#define PART2                                                                  \
    "host: part 2: PICs, IOAPIC, local APIC and PIT in the kernel\n"          \
    "guest> took 10 ticks of the PIT at 1000 Hz (line 0)\n"                   \
    "guest> took 100 interrupts on line 5, after doorbells that exit\n"       \
    "guest> took 100 interrupts on line 6, after doorbells that do not\n"     \
    "host: the guest exited after 105 exits\n"                                \
    "host: doorbells: 100 by exit and KVM_IRQ_LINE, 100 by ioeventfd and "    \
    "irqfd\n"

/* The text after the first line that starts with `prefix`'s line. */
static const char *after_line(const char *text, const char *prefix)
{
    const char *at = strstr(text, prefix);

    ck_assert_msg(at, "no line \"%s...\" in:\n%.3000s", prefix, text);
    at = strchr(at, '\n');
    ck_assert(at);
    return at + 1;
}

START_TEST(plain_run_takes_every_interrupt_and_exits_0)
{
    const char *part2;
    struct process p;

    REQUIRE_KVM();
    run_chapter(&p, CHAPTER, NULL, NULL, NULL);
    ck_assert_msg(p.exit_code == 0, "exit %d; stderr:\n%.3000s", p.exit_code,
                  p.err);
    ck_assert_str_eq(p.err, "");
    ck_assert_int_eq(count_occurrences(p.out, "host: loaded the built-in "
                                              "guest: 1 segment at "),
                     2);
    ck_assert_msg(strncmp(after_line(p.out, "host: loaded "), PART1 PART1_END,
                          strlen(PART1 PART1_END)) == 0,
                  "part 1:\n%.3000s", p.out);
    part2 = after_line(strstr(p.out, PART1_END), "host: loaded ");
    ck_assert_str_eq(part2, PART2);
    process_free(&p);
}
END_TEST

START_TEST(trace_shows_injections_and_in_kernel_ioctls)
{
    struct process p;

    REQUIRE_KVM();
    run_chapter(&p, CHAPTER, "--trace", NULL, NULL);
    ck_assert_int_eq(p.exit_code, 0);
    /* Part 1: four vectors, each by one KVM_INTERRUPT, each at an exit
     * that says the guest can take it (a halt or a window). */
    ck_assert_int_eq(count_occurrences(p.out, "KVM_INTERRUPT, {...}) = 0"), 4);
    ck_assert_int_eq(count_occurrences(p.out, ": KVM_EXIT_HLT\n") +
                         count_occurrences(p.out, ": KVM_EXIT_IRQ_WINDOW_"
                                                  "OPEN"),
                     4);
    /* Part 2, in the order KVM needs: the vCPU last. */
    ck_assert_msg(strstr(p.out, "KVM_SET_TSS_ADDR") <
                          strstr(p.out, "KVM_CREATE_IRQCHIP") &&
                      strstr(p.out, "KVM_CREATE_IRQCHIP") <
                          strstr(p.out, "KVM_CREATE_PIT2") &&
                      strstr(strstr(p.out, "KVM_CREATE_PIT2"),
                             "KVM_CREATE_VCPU"),
                  "order:\n%.5000s", p.out);
    ck_assert_int_eq(count_occurrences(p.out, "KVM_IOEVENTFD, {...}) = 0"), 1);
    ck_assert_int_eq(count_occurrences(p.out, "KVM_IRQFD, {...}) = 0"), 1);
    /* Each exit doorbell is one raise and one lower of the line. */
    ck_assert_int_eq(count_occurrences(p.out, "KVM_IRQ_LINE_STATUS"), 200);
    /* The fast doorbell never exits. */
    ck_assert_int_eq(count_occurrences(p.out, "out port 0x518"), 0);
    process_free(&p);
}
END_TEST

START_TEST(halt_with_if0_is_a_dead_guest_exit_1)
{
    struct process p;

    REQUIRE_KVM();
    run_chapter(&p, CHAPTER, "--halt-with-if0", NULL, NULL);
    ck_assert_int_eq(p.exit_code, 1);
    ck_assert_msg(strstr(p.out, PART1 "guest> halting with IF=0\n"),
                  "stdout:\n%.3000s", p.out);
    ck_assert_msg(!strstr(p.out, "part 2"), "went on:\n%.3000s", p.out);
    ck_assert_str_eq(p.err, CHAPTER ": the guest halted with interrupts off "
                            "(IF=0): a dead guest — nothing can wake it: an "
                            "interrupt needs IF=1; run with --trace to see "
                            "its last exits\n");
    process_free(&p);
}
END_TEST

START_TEST(measure_prints_one_line_more)
{
    struct process p;
    double by_exit, by_eventfd;
    const char *line;

    REQUIRE_KVM();
    run_chapter(&p, CHAPTER, "--measure", NULL, NULL);
    ck_assert_int_eq(p.exit_code, 0);
    line = strstr(p.out, "host: per doorbell and interrupt: ");
    ck_assert_msg(line, "stdout:\n%.3000s", p.out);
    ck_assert_int_eq(sscanf(line, "host: per doorbell and interrupt: %lf us "
                                  "by exit, %lf us by eventfds\n",
                            &by_exit, &by_eventfd),
                     2);
    ck_assert(by_exit > 0 && by_eventfd > 0);
    process_free(&p);
}
END_TEST

START_TEST(help_names_the_switches)
{
    struct process p;

    run_chapter(&p, CHAPTER, "--help", NULL, NULL);
    ck_assert_int_eq(p.exit_code, 0);
    ck_assert(strstr(p.out, "usage: " CHAPTER " [options]\n"));
    ck_assert(strstr(p.out, "\n  --halt-with-if0 "));
    ck_assert(strstr(p.out, "\n  --measure "));
    ck_assert(strstr(p.out, "--guest FILE"));
    ck_assert(strstr(p.out, "--timeout"));
    ck_assert_str_eq(p.err, "");
    process_free(&p);
}
END_TEST

Suite *test_suite(void)
{
    const TTest *const tests[] = {
        plain_run_takes_every_interrupt_and_exits_0,
        trace_shows_injections_and_in_kernel_ioctls,
        halt_with_if0_is_a_dead_guest_exit_1,
        measure_prints_one_line_more,
        help_names_the_switches,
        NULL,
    };

    return chapter_suite(CHAPTER, tests);
}
