/*
 * The test of exercise 02.3, memory at the reset vector: gives a VM with
 * 64 KiB at 0 (chapter 02's) to hlt_at_reset_vector(), looks at guest
 * memory, then runs a fresh vCPU from its reset state.
 */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/time.h>
#include <unistd.h>

#include "exits.h"
#include "harness.h"
#include "kvm.h"
#include "vcpu.h"
#include "vm.h"

int hlt_at_reset_vector(struct vm *vm);

#define RESET_VECTOR 0xfffffff0ull

struct setup {
    int kvm_fd;
    struct vm vm;
};

/* Chapter 02's VM, 64 KiB at 0, then hlt_at_reset_vector(). */
static void set_up(struct setup *s)
{
    const char *failed_step = "";
    int result;

    s->kvm_fd = kvm_connect(&failed_step);
    ck_assert_msg(s->kvm_fd >= 0, "%s: %s", failed_step, strerror(errno));
    ck_assert_int_eq(vm_create(s->kvm_fd, &s->vm), 0);
    ck_assert_ptr_nonnull(vm_add_memory(&s->vm, 0, 0x10000));
    errno = 0;
    result = hlt_at_reset_vector(&s->vm);
    ck_assert_msg(result == 0, "hlt_at_reset_vector() returned %d (%s)", result,
                  errno ? strerror(errno) : "errno not set");
}

static void tear_down(struct setup *s)
{
    vm_destroy(&s->vm);
    close(s->kvm_fd);
}

START_TEST(there_is_memory_at_the_reset_vector)
{
    struct setup s;

    REQUIRE_KVM();
    set_up(&s);
    ck_assert_msg(vm_guest_to_host(&s.vm, RESET_VECTOR, 16) != NULL,
                  "no slot holds guest physical 0xfffffff0-0xffffffff");
    tear_down(&s);
}
END_TEST

START_TEST(the_byte_at_the_reset_vector_is_hlt)
{
    const uint8_t *byte;
    struct setup s;

    REQUIRE_KVM();
    set_up(&s);
    byte = vm_guest_to_host(&s.vm, RESET_VECTOR, 1);
    ck_assert_msg(byte != NULL, "no slot holds guest physical 0xfffffff0");
    ck_assert_msg(*byte == 0xf4,
                  "the byte at guest physical 0xfffffff0 is %#x, expected "
                  "0xf4 (hlt)",
                  *byte);
    tear_down(&s);
}
END_TEST

START_TEST(the_memory_at_0_is_kept)
{
    struct setup s;

    REQUIRE_KVM();
    set_up(&s);
    ck_assert_msg(vm_guest_to_host(&s.vm, 0, 0x10000) != NULL,
                  "guest physical 0-0xffff is no longer one slot");
    ck_assert_msg(s.vm.slot_count == 2,
                  "the VM has %d slots, expected 2: the one at 0 and yours",
                  s.vm.slot_count);
    tear_down(&s);
}
END_TEST

/* A time limit for KVM_RUN, in case the vCPU never reaches a hlt: the
 * signal makes KVM_RUN return EINTR, and immediate_exit covers a signal
 * that arrives just before it (as in common/run.c). */
static struct kvm_run *volatile timed_run;

static void on_alarm(int signal_number)
{
    (void)signal_number;
    if (timed_run)
        timed_run->immediate_exit = 1;
}

static int run_for_at_most_a_second(struct vcpu *vcpu)
{
    struct sigaction action = {.sa_handler = on_alarm};
    struct itimerval timer = {.it_value = {.tv_sec = 1}};
    struct itimerval off = {0};
    int result;

    sigemptyset(&action.sa_mask);
    sigaction(SIGALRM, &action, NULL);
    timed_run = vcpu->run;
    setitimer(ITIMER_REAL, &timer, NULL);
    result = ioctl(vcpu->fd, KVM_RUN, 0);
    setitimer(ITIMER_REAL, &off, NULL);
    timed_run = NULL;
    return result;
}

START_TEST(a_fresh_vcpu_halts_at_its_first_instruction)
{
    const char *failed_step = "";
    struct kvm_sregs sregs;
    struct kvm_regs regs;
    struct vcpu vcpu;
    struct setup s;

    REQUIRE_KVM();
    set_up(&s);
    ck_assert_msg(vcpu_create(&s.vm, 0, &vcpu, &failed_step) == 0, "%s: %s",
                  failed_step, strerror(errno));
    ck_assert_msg(run_for_at_most_a_second(&vcpu) == 0,
                  "KVM_RUN: %s (after 1 s the vCPU had still not halted)",
                  strerror(errno));
    ck_assert_int_eq(vcpu_get_regs(&vcpu, &regs), 0);
    ck_assert_int_eq(vcpu_get_sregs(&vcpu, &sregs), 0);
    ck_assert_msg(vcpu.run->exit_reason == KVM_EXIT_HLT,
                  "the run ended with %s, expected KVM_EXIT_HLT (cs.base + "
                  "rip = %#llx)",
                  exit_name(vcpu.run->exit_reason),
                  (unsigned long long)(sregs.cs.base + regs.rip));
    ck_assert_msg(sregs.cs.base + regs.rip == RESET_VECTOR + 1,
                  "it halted at cs.base + rip = %#llx, expected 0xfffffff1: "
                  "just after a hlt at the reset vector",
                  (unsigned long long)(sregs.cs.base + regs.rip));
    vcpu_destroy(&vcpu);
    tear_down(&s);
}
END_TEST

START_TEST(a_failure_is_reported)
{
    /* A VM whose fd is not open: KVM_SET_USER_MEMORY_REGION fails. */
    struct vm vm = {.fd = -1, .kvm_fd = -1};
    int result;

    errno = 0;
    result = hlt_at_reset_vector(&vm);
    ck_assert_msg(result == -1 && errno != 0,
                  "for a VM whose fd is -1 it returned %d (%s), expected -1 "
                  "with errno set",
                  result, errno ? strerror(errno) : "errno not set");
    ck_assert_msg(vm.slot_count == 0, "it recorded a slot that failed");
}
END_TEST

Suite *test_suite(void)
{
    Suite *suite = suite_create("exercise 02.3");

    exercise_check(suite, "there is memory at 0xfffffff0",
                   there_is_memory_at_the_reset_vector);
    exercise_check(suite, "the byte at 0xfffffff0 is hlt (0xf4)",
                   the_byte_at_the_reset_vector_is_hlt);
    exercise_check(suite, "the 64 KiB at 0 are kept", the_memory_at_0_is_kept);
    exercise_check(suite, "a fresh vCPU halts right after 0xfffffff0",
                   a_fresh_vcpu_halts_at_its_first_instruction);
    exercise_check(suite, "a failure is reported: -1 with errno",
                   a_failure_is_reported);
    return suite;
}
