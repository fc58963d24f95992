/*
 * Chapter 11 run as a reader runs it: 1, 2, 4 and 8 vCPUs (more vCPUs than
 * this machine has cores), the counters, the IPI, the MP states, and the
 * book page. The counter without a lock may lose updates: only "at most"
 * is asserted for it.
 */
#include <stdio.h>
#include <stdlib.h>

#include "chapter.h"

#define CHAPTER "11-smp"
#define ROUNDS 2000 /* guests/11-smp.c: increments per vCPU */

/* The value on the line that starts with `prefix`, or -1. */
static long value_after(const char *text, const char *prefix)
{
    const char *at = strstr(text, prefix);

    return at ? strtol(at + strlen(prefix), NULL, 10) : -1;
}

static void check_run(int vcpus)
{
    char arg[16], line[160];
    long total = (long)vcpus * ROUNDS, unlocked;
    struct process p;

    snprintf(arg, sizeof(arg), "%d", vcpus);
    run_chapter(&p, CHAPTER, "--vcpus", arg, NULL);
    ck_assert_msg(p.exit_code == 0, "exit %d:\n%s%s", p.exit_code, p.out,
                  p.err);
    ck_assert_str_eq(p.err, "");
    /* Every AP was started by its SIPI and found its own stack. */
    for (int id = 1; id < vcpus; id++) {
        snprintf(line, sizeof(line), "vcpu%d> APIC ID %d: started by SIPI "
                 "in real mode, now in long mode on stack %d\n", id, id, id);
        ck_assert_msg(strstr(p.out, line), "no \"%s\" in:\n%s", line, p.out);
        snprintf(line, sizeof(line), " vCPU %d UNINITIALIZED", id);
        ck_assert_msg(strstr(p.out, line), "no \"%s\" in:\n%s", line, p.out);
    }
    ck_assert(strstr(p.out, "before the first KVM_RUN: vCPU 0 RUNNABLE"));
    /* Locked counts are exact; the unlocked one can only lose. */
    ck_assert_int_eq(value_after(p.out, "vcpu0> counter with lock xadd: "),
                     total);
    ck_assert_int_eq(value_after(p.out, "vcpu0> counter under a spinlock: "),
                     total);
    unlocked = value_after(p.out, "vcpu0> counter without a lock: ");
    ck_assert_msg(unlocked >= ROUNDS && unlocked <= total,
                  "unlocked count %ld", unlocked);
    if (vcpus > 1)
        ck_assert(strstr(p.out, "vcpu0> took an IPI from APIC ID 1 on "
                                "vector 47\n"));
    ck_assert(strstr(p.out, "host: vCPU 0 ended the run\n"));
    snprintf(line, sizeof(line), "host: all %d vCPU threads joined\n",
             vcpus);
    ck_assert_msg(strstr(p.out, line), "stdout:\n%s", p.out);
    process_free(&p);
}

START_TEST(one_vcpu)
{
    REQUIRE_KVM();
    check_run(1);
}
END_TEST

START_TEST(two_vcpus_the_ap_halts)
{
    struct process p;

    REQUIRE_KVM();
    check_run(2);
    /* After its last instruction, cli; hlt, the AP is HALTED: read by its
     * own thread once it was stopped. */
    run_chapter(&p, CHAPTER, NULL, NULL, NULL);
    ck_assert_int_eq(p.exit_code, 0);
    ck_assert_msg(strstr(p.out, "host: vCPU 1 stopped: MP_STATE HALTED, "
                                "halted\n"),
                  "stdout:\n%s", p.out);
    process_free(&p);
}
END_TEST

START_TEST(four_vcpus)
{
    REQUIRE_KVM();
    check_run(4);
}
END_TEST

START_TEST(eight_vcpus_on_fewer_cores)
{
    REQUIRE_KVM();
    check_run(8);
}
END_TEST

START_TEST(help_names_the_switch)
{
    struct process p;

    run_chapter(&p, CHAPTER, "--help", NULL, NULL);
    ck_assert_int_eq(p.exit_code, 0);
    ck_assert(strstr(p.out, "  --vcpus N      how many vCPUs, 1-16 "
                            "(default 2)\n"));
    process_free(&p);
}
END_TEST

Suite *test_suite(void)
{
    const TTest *const tests[] = {
        one_vcpu, two_vcpus_the_ap_halts, four_vcpus,
        eight_vcpus_on_fewer_cores, help_names_the_switch, NULL,
    };

    return chapter_suite(CHAPTER, tests);
}
