/*
 * The test of exercise 10.1, decide when to inject: checks
 * decide_injection() on kvm_run states set by hand, then lets it drive a
 * real vCPU with no interrupt controller: a real-mode guest that asks for
 * an interrupt with IF=0, then enables interrupts and halts.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>

#include "harness.h"
#include "machine.h"
#include "real_mode.h"

enum injection { NOTHING_TO_DO, INJECT_NOW, WAIT_FOR_WINDOW };

enum injection decide_injection(struct kvm_run *run, int pending);

static const char *const names[] = {"NOTHING_TO_DO", "INJECT_NOW",
                                    "WAIT_FOR_WINDOW"};

static const char *name_of(enum injection decision)
{
    return (unsigned)decision < 3 ? names[decision] : "(not an answer)";
}

/* One decision on a kvm_run set by hand. */
static void check_decision(int ready, int if_flag, int window_before,
                           int pending, enum injection want, int want_window)
{
    struct kvm_run *run = calloc(1, sizeof(*run));
    enum injection got;

    ck_assert_ptr_nonnull(run);
    run->ready_for_interrupt_injection = ready;
    run->if_flag = if_flag;
    run->request_interrupt_window = window_before;
    got = decide_injection(run, pending);
    ck_assert_msg(got == want,
                  "with ready_for_interrupt_injection=%d, if_flag=%d and %s "
                  "pending, the answer is %s, not %s",
                  ready, if_flag, pending < 0 ? "nothing" : "a vector",
                  names[want], name_of(got));
    ck_assert_msg(run->request_interrupt_window == want_window,
                  "after %s, request_interrupt_window should be %d, not %d%s",
                  names[want], want_window, run->request_interrupt_window,
                  want_window ? ": KVM would never report the window"
                              : ": the guest would exit for nothing");
    free(run);
}

START_TEST(inject_when_the_guest_can_take_it)
{
    check_decision(1, 1, 0, 0x20, INJECT_NOW, 0);
    check_decision(1, 1, 1, 0x25, INJECT_NOW, 0);
}
END_TEST

START_TEST(wait_while_interrupts_are_off)
{
    check_decision(0, 0, 0, 0x20, WAIT_FOR_WINDOW, 1);
    /* ready alone is not enough: the guest's IF decides too */
    check_decision(1, 0, 0, 0x20, WAIT_FOR_WINDOW, 1);
    /* IF=1 but KVM still has an event to deliver (an sti shadow, say) */
    check_decision(0, 1, 0, 0x20, WAIT_FOR_WINDOW, 1);
}
END_TEST

START_TEST(nothing_pending_asks_for_nothing)
{
    check_decision(1, 1, 0, -1, NOTHING_TO_DO, 0);
    check_decision(0, 0, 1, -1, NOTHING_TO_DO, 0);
}
END_TEST

/* The guest, real mode at 0000:1000. Ports it writes: */
enum { RING = 0x10, HANDLED = 0x11, DONE = 0x12, VECTOR = 0x20 };

static const uint8_t guest_code[] = {
    0xfa,             /* cli */
    0xe6, RING,       /* out RING, al: "interrupt me", with IF=0 */
    0xfb,             /* sti */
    0xf4,             /* hlt: the interrupt wakes it */
    0xe6, DONE,       /* out DONE, al */
    0xf4,             /* hlt */
};
static const uint8_t guest_handler[] = {
    0xe6, HANDLED,    /* out HANDLED, al */
    0xcf,             /* iret */
};

START_TEST(a_real_vcpu_takes_the_vector)
{
    enum { CODE = 0x1000, HANDLER = 0x2000, STACK = 0xfff0 };
    const char *failed_step;
    struct kvm_interrupt interrupt = {.irq = VECTOR};
    struct kvm_run *run;
    struct machine m;
    int pending = -1, handled = 0, done = 0;

    REQUIRE_KVM();
    ck_assert_int_eq(machine_create(&m, 0x10000, &failed_step), 0);
    memcpy(m.memory + CODE, guest_code, sizeof(guest_code));
    memcpy(m.memory + HANDLER, guest_handler, sizeof(guest_handler));
    m.memory[4 * VECTOR + 1] = HANDLER >> 8; /* IVT entry: 0000:2000 */
    ck_assert_int_eq(real_mode_enter(&m.vcpu, 0, CODE, STACK), 0);
    run = m.vcpu.run;

    for (int exits = 0; !done && exits < 100; exits++) {
        enum injection decision = decide_injection(run, pending);

        if (decision == INJECT_NOW) {
            ck_assert_int_eq(ioctl(m.vcpu.fd, KVM_INTERRUPT, &interrupt), 0);
            pending = -1;
        }
        ck_assert_int_eq(ioctl(m.vcpu.fd, KVM_RUN, 0), 0);
        if (run->exit_reason == KVM_EXIT_IO && run->io.port == RING) {
            pending = VECTOR;
            ck_assert_msg(decide_injection(run, pending) == WAIT_FOR_WINDOW,
                          "the guest rang with IF=0 (if_flag %d), and you "
                          "did not wait for the window", run->if_flag);
        } else if (run->exit_reason == KVM_EXIT_IO &&
                   run->io.port == HANDLED) {
            handled++;
        } else if (run->exit_reason == KVM_EXIT_IO && run->io.port == DONE) {
            done = 1;
        } else if (run->exit_reason == KVM_EXIT_HLT) {
            ck_assert_msg(pending >= 0, "the guest halted again after its "
                                        "handler: it got no interrupt");
        } else {
            ck_assert_msg(run->exit_reason == KVM_EXIT_IRQ_WINDOW_OPEN,
                          "an unexpected exit: reason %u", run->exit_reason);
        }
    }
    ck_assert_msg(done, "the guest never got past its hlt: your decisions "
                        "never injected its vector");
    ck_assert_msg(handled == 1, "the guest's handler ran %d times, not once",
                  handled);
    machine_destroy(&m);
}
END_TEST

Suite *test_suite(void)
{
    Suite *suite = suite_create("exercise 10.1");

    exercise_check(suite, "inject when the vCPU is ready and IF=1",
                   inject_when_the_guest_can_take_it);
    exercise_check(suite, "otherwise wait, and ask for the window",
                   wait_while_interrupts_are_off);
    exercise_check(suite, "nothing pending: no injection, no window",
                   nothing_pending_asks_for_nothing);
    exercise_check(suite, "a real vCPU takes the vector you inject",
                   a_real_vcpu_takes_the_vector);
    return suite;
}
