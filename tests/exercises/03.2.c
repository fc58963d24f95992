/*
 * The test of exercise 03.2, a run loop that counts its exits: runs
 * chapter 03's guest and two small ones with run_counting(), under a time
 * limit, and checks the total and the tally.
 */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/time.h>

#include "exits.h"
#include "guest.h"
#include "harness.h"
#include "machine.h"
#include "real_mode.h"

long run_counting(struct vcpu *vcpu, unsigned long counts[], size_t reasons);

GUEST_EMBEDDED(guest_03_real_mode);
GUEST_EMBEDDED(guest_tests_port_in);

/* 16-bit code: write a byte to port 0x80 (a PC's POST code port), halt. */
static const uint8_t port_80_guest[] = {
    0xb0, 0x01, /* mov al, 1 */
    0xe6, 0x80, /* out 0x80, al */
    0xf4,       /* hlt */
};

#define REASONS   32
#define UNTOUCHED 0x5a5a5a5aul /* what counts[] holds beyond `reasons` */

/* A time limit, in case the loop never stops: the signal makes KVM_RUN
 * return EINTR (immediate_exit covers one that arrives just before it),
 * and run_counting() must then return -1. */
static struct kvm_run *volatile timed_run;

static void on_alarm(int signal_number)
{
    (void)signal_number;
    if (timed_run)
        timed_run->immediate_exit = 1;
}

/* Load `image` at 0x1000, start it in real mode and run it through
 * run_counting() with counts[0..reasons-1] zeroed (the rest UNTOUCHED). */
static long run_guest(struct guest_image image, unsigned long *counts,
                      size_t reasons)
{
    struct sigaction action = {.sa_handler = on_alarm};
    struct itimerval timer = {.it_value = {.tv_sec = 2}};
    struct itimerval off = {0};
    const char *failed_step = "";
    struct machine m;
    long exits;

    ck_assert_msg(machine_create(&m, 0x10000, &failed_step) == 0, "%s: %s",
                  failed_step, strerror(errno));
    ck_assert_int_eq(guest_load_flat(&m.vm, 0x1000, &image), 0);
    ck_assert_int_eq(real_mode_enter(&m.vcpu, 0, 0x1000, 0xfff0), 0);
    for (size_t i = 0; i < REASONS; i++)
        counts[i] = i < reasons ? 0 : UNTOUCHED;

    sigemptyset(&action.sa_mask);
    sigaction(SIGALRM, &action, NULL);
    timed_run = m.vcpu.run;
    setitimer(ITIMER_REAL, &timer, NULL);
    errno = 0;
    exits = run_counting(&m.vcpu, counts, reasons);
    setitimer(ITIMER_REAL, &off, NULL);
    timed_run = NULL;
    ck_assert_msg(exits >= 0, "run_counting() returned %ld (%s)%s", exits,
                  errno ? strerror(errno) : "errno not set",
                  errno == EINTR ? ": the run did not end within 2 s" : "");
    machine_destroy(&m);
    return exits;
}

/* counts[reason] must be `expected`. */
static void expect_count(const unsigned long *counts, unsigned reason,
                         unsigned long expected)
{
    ck_assert_msg(counts[reason] == expected, "counts[%s] is %lu, expected %lu",
                  exit_name(reason), counts[reason], expected);
}

START_TEST(chapter_03s_guest_makes_48_exits)
{
    unsigned long counts[REASONS];
    long exits;

    REQUIRE_KVM();
    exits = run_guest(GUEST_IMAGE(guest_03_real_mode), counts, REASONS);
    ck_assert_msg(exits == 48,
                  "run_counting() returned %ld, expected 48: 47 bytes "
                  "printed, one exit each, and the hlt",
                  exits);
}
END_TEST

START_TEST(chapter_03s_guest_makes_47_io_exits_and_1_hlt)
{
    unsigned long counts[REASONS];

    REQUIRE_KVM();
    run_guest(GUEST_IMAGE(guest_03_real_mode), counts, REASONS);
    expect_count(counts, KVM_EXIT_IO, 47);
    expect_count(counts, KVM_EXIT_HLT, 1);
    for (unsigned reason = 0; reason < REASONS; reason++)
        if (reason != KVM_EXIT_IO && reason != KVM_EXIT_HLT)
            expect_count(counts, reason, 0);
}
END_TEST

START_TEST(an_out_to_another_port_goes_on)
{
    struct guest_image image = {port_80_guest, sizeof(port_80_guest), NULL};
    unsigned long counts[REASONS];
    long exits;

    REQUIRE_KVM();
    exits = run_guest(image, counts, REASONS);
    ck_assert_msg(exits == 2,
                  "run_counting() returned %ld for `out 0x80, al; hlt`, "
                  "expected 2: an out to any port goes back into the guest",
                  exits);
    expect_count(counts, KVM_EXIT_IO, 1);
    expect_count(counts, KVM_EXIT_HLT, 1);
}
END_TEST

START_TEST(an_in_ends_the_run)
{
    unsigned long counts[REASONS];
    long exits;

    REQUIRE_KVM();
    exits = run_guest(GUEST_IMAGE(guest_tests_port_in), counts, REASONS);
    ck_assert_msg(exits == 1,
                  "run_counting() returned %ld for guests/tests/port-in.S, "
                  "expected 1: its `in` is not an out, so the run ends there",
                  exits);
    expect_count(counts, KVM_EXIT_IO, 1);
    expect_count(counts, KVM_EXIT_HLT, 0);
}
END_TEST

START_TEST(a_reason_beyond_the_array_is_not_written)
{
    unsigned long counts[REASONS];
    long exits;

    REQUIRE_KVM();
    /* Room for reasons 0-2 only: KVM_EXIT_IO (2) fits, KVM_EXIT_HLT (5)
     * does not. */
    exits = run_guest(GUEST_IMAGE(guest_03_real_mode), counts, 3);
    for (unsigned i = 3; i < REASONS; i++)
        ck_assert_msg(counts[i] == UNTOUCHED,
                      "with reasons = 3 it changed counts[%u] (%s), past the "
                      "end of the array",
                      i, exit_name(i));
    expect_count(counts, KVM_EXIT_IO, 47);
    ck_assert_msg(exits == 48,
                  "with reasons = 3 it returned %ld, expected 48 all the same",
                  exits);
}
END_TEST

START_TEST(a_failed_kvm_run_is_an_error)
{
    struct kvm_run run = {0};
    struct vcpu vcpu = {.fd = -1, .run = &run};
    unsigned long counts[REASONS] = {0};
    long exits;

    errno = 0;
    exits = run_counting(&vcpu, counts, REASONS);
    ck_assert_msg(exits == -1 && errno == EBADF,
                  "with a vCPU fd of -1 it returned %ld (%s), expected -1 "
                  "with errno EBADF from KVM_RUN",
                  exits, errno ? strerror(errno) : "errno not set");
}
END_TEST

Suite *test_suite(void)
{
    Suite *suite = suite_create("exercise 03.2");

    exercise_check(suite, "chapter 03's guest: 48 exits in all",
                   chapter_03s_guest_makes_48_exits);
    exercise_check(suite, "chapter 03's guest: 47 KVM_EXIT_IO, 1 KVM_EXIT_HLT",
                   chapter_03s_guest_makes_47_io_exits_and_1_hlt);
    exercise_check(suite, "an out to another port goes back into the guest",
                   an_out_to_another_port_goes_on);
    exercise_check(suite, "an in ends the run after 1 exit",
                   an_in_ends_the_run);
    exercise_check(suite, "a reason beyond the array is counted, not written",
                   a_reason_beyond_the_array_is_not_written);
    exercise_check(suite, "a failed KVM_RUN: -1 with errno",
                   a_failed_kvm_run_is_an_error);
    return suite;
}
