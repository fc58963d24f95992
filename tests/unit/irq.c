/*
 * Unit tests for common/irq.c's pure parts: when the host may inject, and
 * which lines exist. No KVM.
 */
#include <string.h>

#include "harness.h"
#include "irq.h"

START_TEST(inject_only_when_ready_and_if_set)
{
    struct kvm_run run;

    memset(&run, 0, sizeof(run));
    ck_assert(!irq_can_inject(&run));
    run.ready_for_interrupt_injection = 1;
    ck_assert(!irq_can_inject(&run)); /* IF=0: the guest said not now */
    run.if_flag = 1;
    ck_assert(irq_can_inject(&run));
    run.ready_for_interrupt_injection = 0; /* one is still queued */
    ck_assert(!irq_can_inject(&run));
}
END_TEST

START_TEST(lines_are_0_to_23)
{
    ck_assert(irq_line_valid(0));
    ck_assert(irq_line_valid(23));
    ck_assert(!irq_line_valid(24));
    ck_assert(!irq_line_valid(99));
    ck_assert(!irq_line_valid(~0u));
}
END_TEST

Suite *test_suite(void)
{
    Suite *suite = suite_create("unit/irq");
    TCase *tc = tcase_create("irq");

    tcase_add_test(tc, inject_only_when_ready_and_if_set);
    tcase_add_test(tc, lines_are_0_to_23);
    suite_add_tcase(suite, tc);
    return suite;
}
