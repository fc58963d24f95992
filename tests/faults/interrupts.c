/*
 * Chapter 10's bad input, from hostile guests run with --guest: a doorbell
 * for an IRQ line that does not exist, an interrupt storm, and a second
 * request while the first is still pending. Each must end (or go on)
 * cleanly, with one clear line; the dead guest (halt with IF=0) is in
 * tests/chapters/ch10_interrupts.c.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "guest.h"
#include "harness.h"

#define CHAPTER "10-interrupts"

GUEST_EMBEDDED(guest_tests_irq_bad_line);
GUEST_EMBEDDED(guest_tests_irq_storm);
GUEST_EMBEDDED(guest_tests_irq_ring_twice);
GUEST_EMBEDDED(guest_tests_irq_mmio_data);

/* Run chapter 10 on `image`, with a time limit of `timeout`. */
static void run_guest(struct process *p, struct guest_image image,
                      const char *timeout)
{
    const char *const options[] = {"--timeout", timeout, NULL};

    run_chapter_guest_image(p, CHAPTER, image.data, image.size, options, 30);
    ck_assert_msg(!p->timed_out && p->signal == 0,
                  "did not exit by itself (signal %d)", p->signal);
    ck_assert_msg(!strstr(p->err, "Sanitizer") &&
                      !strstr(p->err, "runtime error:"),
                  "sanitizer report:\n%s", p->err);
}

START_TEST(irq_line_out_of_range_is_refused_in_one_line)
{
    struct process p;

    REQUIRE_KVM();
    run_guest(&p, GUEST_IMAGE(guest_tests_irq_bad_line), "5");
    ck_assert_int_eq(p.exit_code, 1);
    ck_assert_str_eq(p.err, CHAPTER ": the guest rang for IRQ line 99: "
                            "Invalid argument — the guest chose it; the "
                            "IOAPIC has lines 0-23\n");
    ck_assert(strstr(p.out, "guest> ringing for line 99 (inject)\n"));
    ck_assert_msg(!strstr(p.out, "let me go on") && !strstr(p.out, "part 2"),
                  "the run went on:\n%s", p.out);
    process_free(&p);
}
END_TEST

START_TEST(interrupt_storm_is_stopped_by_the_time_limit)
{
    struct process p;

    REQUIRE_KVM();
    run_guest(&p, GUEST_IMAGE(guest_tests_irq_storm), "1");
    ck_assert_int_eq(p.exit_code, 1);
    ck_assert_msg(strstr(p.err, CHAPTER ": guest did not halt within 1 s ") ==
                      p.err,
                  "stderr:\n%s", p.err);
    ck_assert(strstr(p.out, "host: part 2: "));
    ck_assert(strstr(p.out, "guest> storming (irqchip)\n"));
    ck_assert_int_eq(count_occurrences(p.err, "\n"), 1);
    process_free(&p);
}
END_TEST

START_TEST(second_request_while_pending_merges_into_one_interrupt)
{
    struct process p;

    REQUIRE_KVM();
    run_guest(&p, GUEST_IMAGE(guest_tests_irq_ring_twice), "5");
    ck_assert_msg(p.exit_code == 0, "exit %d; stderr:\n%s", p.exit_code,
                  p.err);
    ck_assert_int_eq(count_occurrences(p.out, "waits for an interrupt "
                                              "window\n"),
                     2);
    ck_assert(strstr(p.out, "guest> took 1 doorbell interrupts for two "
                            "rings\n"));
    ck_assert(strstr(p.out, "host: KVM_INTERRUPT injected 4 vectors: 1 "
                            "doorbell, 3 timer ticks\n"));
    process_free(&p);
}
END_TEST

START_TEST(mmio_data_is_never_taken_for_a_port_offset)
{
    struct process p;

    REQUIRE_KVM();
    run_guest(&p, GUEST_IMAGE(guest_tests_irq_mmio_data), "5");
    ck_assert_int_eq(p.exit_code, 1);
    ck_assert(strstr(p.out, "guest> writing 8 bytes where no memory is\n"));
    ck_assert_msg(strstr(p.err, "guest stopped with KVM_EXIT_MMIO"),
                  "no MMIO exit named:\n%s", p.err);
    process_free(&p);
}
END_TEST

Suite *test_suite(void)
{
    Suite *suite = suite_create("faults/interrupts");
    TCase *tc = tcase_create("hostile_interrupt_guests");

    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, irq_line_out_of_range_is_refused_in_one_line);
    tcase_add_test(tc, interrupt_storm_is_stopped_by_the_time_limit);
    tcase_add_test(tc, second_request_while_pending_merges_into_one_interrupt);
    tcase_add_test(tc, mmio_data_is_never_taken_for_a_port_offset);
    suite_add_tcase(suite, tc);
    return suite;
}
