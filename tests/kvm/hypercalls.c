/*
 * KVM tests for chapter 07: C guests loaded from ELF files and run in long
 * mode through common/ (machine_create, elf_load, long_mode_boot,
 * run_with_handler with hypercall_handle), as the chapter does, but with
 * the console and the refusals captured in memory.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "elf_loader.h"
#include "guest.h"
#include "c_guest_run.h"
#include "harness.h"
#include "hypercall_host.h"
#include "long_mode.h"
#include "machine.h"
#include "run.h"
#include "x86.h"

GUEST_EMBEDDED(guest_07_hypercalls);
GUEST_EMBEDDED(guest_tests_hostile_hypercalls);

#define MIB (1u << 20)

static void assert_exited(const struct guest_run *r, uint64_t status)
{
    ck_assert_msg(r->outcome == RUN_STOPPED,
                  "the run ended with outcome %d, not RUN_STOPPED; exit "
                  "reason %u; console:\n%s",
                  r->outcome, r->m.vcpu.run->exit_reason, r->output);
    ck_assert_msg(r->host.exited, "the guest did not call HC_EXIT");
    ck_assert_msg(!r->host.assert_failed, "an assertion failed: %s:%llu: %s",
                  r->host.assert_file,
                  (unsigned long long)r->host.assert_line,
                  r->host.assert_expression);
    ck_assert_uint_eq(r->host.exit_status, status);
}

START_TEST(built_in_guest_prints_and_exits_0)
{
    struct guest_run r;

    REQUIRE_KVM();
    run_elf(&r, GUEST_IMAGE(guest_07_hypercalls), 16 * MIB, "");
    assert_exited(&r, 0);
    ck_assert_str_eq(r.output, "guest> Hello from C in long mode!\n"
                               "guest> my memory: 16 MiB\n"
                               "guest> my configuration: \"\"\n"
                               "guest> 168 primes below 1000\n");
    /* Four printf()s (one HC_WRITE each), HC_MEMORY_SIZE, HC_GET_CONFIG
     * and HC_EXIT: seven calls, each one exit, and nothing else exits. */
    ck_assert_uint_eq(r.host.calls, 7);
    ck_assert_uint_eq(r.host.refused, 0);
    ck_assert_uint_eq(r.stats.exits, 7);
    ck_assert_str_eq(r.refusals, "");
    ck_assert_uint_eq(r.info.entry, 0x100000);
    finish(&r);
}
END_TEST

START_TEST(guest_ran_in_64_bit_mode)
{
    const struct kvm_sregs *sregs;
    const struct kvm_regs *regs;
    struct guest_run r;

    REQUIRE_KVM();
    run_elf(&r, GUEST_IMAGE(guest_07_hypercalls), 16 * MIB, "");
    assert_exited(&r, 0);
    /* sync_regs after the last exit, the HC_EXIT port write. */
    sregs = &r.m.vcpu.run->s.regs.sregs;
    regs = &r.m.vcpu.run->s.regs.regs;
    ck_assert_msg((sregs->efer & EFER_LMA) != 0,
                  "EFER.LMA clear (efer=%#llx): not in long mode",
                  (unsigned long long)sregs->efer);
    ck_assert_msg(sregs->cs.l == 1 && sregs->cs.db == 0,
                  "CS.L=%u CS.D=%u: not 64-bit code", sregs->cs.l,
                  sregs->cs.db);
    ck_assert_uint_eq(sregs->cr0 & (CR0_PE | CR0_PG), CR0_PE | CR0_PG);
    /* The exit hypercall, made from code in the image (above 1 MiB) with
     * 64-bit registers: RAX = HC_EXIT, RBX = the status. */
    ck_assert_uint_eq(regs->rax, HC_EXIT);
    ck_assert_uint_eq(regs->rbx, 0);
    ck_assert_msg(regs->rip >= r.info.lowest && regs->rip < r.info.highest,
                  "rip %#llx is outside the image",
                  (unsigned long long)regs->rip);
    ck_assert_uint_eq(r.m.vcpu.run->io.port, HYPERCALL_PORT);
    finish(&r);
}
END_TEST

START_TEST(results_in_rax_reach_the_guest)
{
    struct guest_run r;

    REQUIRE_KVM();
    /* HC_MEMORY_SIZE's answer, printed by the guest: it changes with the
     * machine, so it cannot be a constant in the guest. */
    run_elf(&r, GUEST_IMAGE(guest_07_hypercalls), 4 * MIB, "");
    assert_exited(&r, 0);
    ck_assert_msg(strstr(r.output, "guest> my memory: 4 MiB\n"),
                  "console:\n%s", r.output);
    finish(&r);
    run_elf(&r, GUEST_IMAGE(guest_07_hypercalls), 16 * MIB, "");
    ck_assert_msg(strstr(r.output, "guest> my memory: 16 MiB\n"),
                  "console:\n%s", r.output);
    finish(&r);
}
END_TEST

START_TEST(configuration_string_reaches_guest_memory)
{
    struct guest_run r;

    REQUIRE_KVM();
    run_elf(&r, GUEST_IMAGE(guest_07_hypercalls), 16 * MIB, "hello, guest");
    assert_exited(&r, 0);
    ck_assert_msg(strstr(r.output, "guest> my configuration: \"hello, "
                                   "guest\"\n"),
                  "console:\n%s", r.output);
    finish(&r);
}
END_TEST

START_TEST(failed_assertion_stops_the_run_with_file_line_expression)
{
    int line = harness_source_line("guests/07-hypercalls.c",
                                   "assert(primes == 1000)");
    struct guest_run r;

    REQUIRE_KVM();
    ck_assert_msg(line > 0, "no assert(primes == 1000) in the guest's source");
    run_elf(&r, GUEST_IMAGE(guest_07_hypercalls), 16 * MIB, "fail-assert");
    ck_assert_int_eq(r.outcome, RUN_STOPPED);
    ck_assert(r.host.assert_failed);
    ck_assert(!r.host.exited);
    ck_assert_str_eq(r.host.assert_file, "guests/07-hypercalls.c");
    ck_assert_uint_eq(r.host.assert_line, line);
    ck_assert_str_eq(r.host.assert_expression, "primes == 1000");
    ck_assert_msg(strstr(r.output, "guest> my configuration: "
                                   "\"fail-assert\"\n"
                                   "guest> 168 primes below 1000\n"),
                  "console:\n%s", r.output);
    ck_assert_uint_eq(r.host.calls, 7); /* the assert instead of the exit */
    ck_assert_uint_eq(r.host.refused, 0);
    finish(&r);
}
END_TEST

START_TEST(hostile_guest_sees_each_error_and_runs_on)
{
    struct guest_run r;

    REQUIRE_KVM();
    run_elf(&r, GUEST_IMAGE(guest_tests_hostile_hypercalls), 16 * MIB, "");
    assert_exited(&r, 0);
    /* The guest printed what RAX held after each call. */
    ck_assert_str_eq(r.output, "guest> write outside memory: -14\n"
                               "guest> write wrapping 2^64: -14\n"
                               "guest> write too long: -22\n"
                               "guest> get_config across the end: -14\n"
                               "guest> unknown call 99: -38\n"
                               "guest> still running\n");
    ck_assert_uint_eq(r.host.refused, 5);
    /* 5 bad calls, HC_MEMORY_SIZE, 6 printf()s and the exit. */
    ck_assert_uint_eq(r.host.calls, 13);
    ck_assert_int_eq(count_occurrences(r.refusals, "\n"), 5);
    ck_assert_int_eq(count_occurrences(r.refusals,
                                       ": hypercall write refused: the "
                                       "buffer is not all in guest memory "
                                       "(-EFAULT to the guest)\n"),
                     2);
    ck_assert(strstr(r.refusals, ": hypercall write refused: longer than "
                                 "HC_MAX_WRITE bytes (-EINVAL to the "
                                 "guest)\n"));
    ck_assert(strstr(r.refusals, ": hypercall get_config refused: the buffer "
                                 "is not all in writable guest memory "
                                 "(-EFAULT to the guest)\n"));
    ck_assert(strstr(r.refusals, ": hypercall 99 refused: there is no "
                                 "such call (-ENOSYS to the guest)\n"));
    /* get_config across the end wrote nothing into the last 8 bytes. */
    for (int i = 1; i <= 8; i++)
        ck_assert_msg(r.m.memory[16 * MIB - i] == 0,
                      "a refused get_config wrote at %#x", 16 * MIB - i);
    finish(&r);
}
END_TEST

Suite *test_suite(void)
{
    Suite *suite = suite_create("kvm/hypercalls");
    TCase *tc = tcase_create("hypercalls");

    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, built_in_guest_prints_and_exits_0);
    tcase_add_test(tc, guest_ran_in_64_bit_mode);
    tcase_add_test(tc, results_in_rax_reach_the_guest);
    tcase_add_test(tc, configuration_string_reaches_guest_memory);
    tcase_add_test(tc, failed_assertion_stops_the_run_with_file_line_expression);
    tcase_add_test(tc, hostile_guest_sees_each_error_and_runs_on);
    suite_add_tcase(suite, tc);
    return suite;
}
