/*
 * The test of exercise 10.2, program the PIT for a tick rate: checks
 * pit_divisor() against divisors worked out by hand, then has a real
 * guest write the divisor for 100 Hz to the PIT that KVM emulates, and
 * reads back what the PIT holds.
 */
#include <string.h>
#include <sys/ioctl.h>

#include "harness.h"
#include "irq.h"
#include "real_mode.h"

int pit_divisor(unsigned hz);

static void check_divisor(unsigned hz, int want, const char *why)
{
    int got = pit_divisor(hz);

    ck_assert_msg(got == want, "for %u Hz the divisor is %d, not %d (%s)", hz,
                  want, got, why);
}

START_TEST(the_nearest_divisor)
{
    check_divisor(1000, 1193, "1193182 / 1000 = 1193.18");
    check_divisor(100, 11932, "1193182 / 100 = 11931.82: round it");
    check_divisor(60, 19886, "1193182 / 60 = 19886.37");
    check_divisor(19, 62799, "the slowest whole rate the PIT can make");
    check_divisor(596591, 2, "the fastest rate mode 2 can make");
}
END_TEST

START_TEST(rates_the_pit_cannot_make)
{
    check_divisor(0, -1, "no ticks at all is no divisor");
    check_divisor(18, -1, "66288 does not fit in 16 bits");
    check_divisor(1193182, -1, "a divisor of 1: mode 2 needs 2 or more");
    check_divisor(4000000, -1, "faster than the input clock");
}
END_TEST

/* The guest, real mode at 0000:1000, with interrupts off: channel 0,
 * mode 2, low byte then high byte, then a port write that exits. */
enum { PIT_CHANNEL0 = 0x40, PIT_MODE = 0x43, DONE = 0x12 };

START_TEST(the_pit_takes_your_divisor)
{
    enum { CODE = 0x1000, STACK = 0xfff0 };
    int divisor = pit_divisor(100);
    const uint8_t code[] = {
        0xb0, 0x34,             /* mov al, 0x34: channel 0, lo/hi, mode 2 */
        0xe6, PIT_MODE,         /* out 0x43, al */
        0xb0, divisor & 0xff,   /* mov al, low byte */
        0xe6, PIT_CHANNEL0,     /* out 0x40, al */
        0xb0, divisor >> 8,     /* mov al, high byte */
        0xe6, PIT_CHANNEL0,     /* out 0x40, al */
        0xe6, DONE,             /* out DONE, al: the kernel passes it on */
        0xf4,                   /* hlt */
    };
    struct kvm_pit_state2 pit;
    const char *failed_step;
    struct machine m;

    REQUIRE_KVM();
    ck_assert_msg(divisor > 0, "pit_divisor(100) refused a rate the PIT "
                               "can make");
    ck_assert_msg(irq_machine_create(&m, 0x10000, &failed_step) == 0,
                  "creating a machine with a PIT failed at %s", failed_step);
    memcpy(m.memory + CODE, code, sizeof(code));
    ck_assert_int_eq(real_mode_enter(&m.vcpu, 0, CODE, STACK), 0);
    ck_assert_int_eq(ioctl(m.vcpu.fd, KVM_RUN, 0), 0);
    ck_assert_msg(m.vcpu.run->exit_reason == KVM_EXIT_IO &&
                      m.vcpu.run->io.port == DONE,
                  "the guest did not reach its last port write (exit %u)",
                  m.vcpu.run->exit_reason);
    ck_assert_int_eq(ioctl(m.vm.fd, KVM_GET_PIT2, &pit), 0);
    ck_assert_msg(pit.channels[0].count == 11932,
                  "the guest wrote your divisor; the PIT now counts %u "
                  "input ticks per tick, not 11932 (100 Hz)",
                  pit.channels[0].count);
    machine_destroy(&m);
}
END_TEST

Suite *test_suite(void)
{
    Suite *suite = suite_create("exercise 10.2");

    exercise_check(suite, "the nearest divisor for 19 Hz to 596591 Hz",
                   the_nearest_divisor);
    exercise_check(suite, "rates the PIT cannot make are refused",
                   rates_the_pit_cannot_make);
    exercise_check(suite, "the in-kernel PIT counts your divisor for 100 Hz",
                   the_pit_takes_your_divisor);
    return suite;
}
