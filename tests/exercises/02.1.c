/*
 * The test of exercise 02.1, where does the vCPU fetch?: asks about
 * hand-made register states whose answer is known, then about a fresh
 * vCPU's own registers.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "kvm.h"
#include "vcpu.h"
#include "vm.h"

uint64_t next_fetch_address(const struct kvm_regs *regs,
                            const struct kvm_sregs *sregs);

/* next_fetch_address() for CS = selector with this hidden base, and rip. */
static uint64_t fetch_at(uint16_t selector, uint64_t base, uint64_t rip)
{
    struct kvm_regs regs = {.rip = rip, .rflags = 2};
    struct kvm_sregs sregs = {0};

    sregs.cs.selector = selector;
    sregs.cs.base = base;
    sregs.cs.limit = 0xffff;
    sregs.cs.present = 1;
    sregs.cs.type = 0xb;
    sregs.cs.s = 1;
    /* DS elsewhere, so that an answer using it stands out. */
    sregs.ds.selector = 0x0040;
    sregs.ds.base = 0x400;
    return next_fetch_address(&regs, &sregs);
}

START_TEST(the_reset_state_fetches_at_the_reset_vector)
{
    uint64_t address = fetch_at(0xf000, 0xffff0000, 0xfff0);

    ck_assert_msg(
        address == 0xfffffff0,
        "CS selector f000, base ffff0000, RIP fff0: it returns %#llx, "
        "expected 0xfffffff0 (the hidden base, plus RIP)",
        (unsigned long long)address);
}
END_TEST

START_TEST(after_a_far_jump_base_is_selector_times_16)
{
    uint64_t address = fetch_at(0xf000, 0xf0000, 0xe05b);

    ck_assert_msg(address == 0xfe05b,
                  "CS selector f000, base f0000, RIP e05b: it returns %#llx, "
                  "expected 0xfe05b",
                  (unsigned long long)address);
}
END_TEST

START_TEST(a_base_that_is_no_multiple_of_the_selector_counts)
{
    /* A protected-mode segment (chapter 04): selector 8 is a GDT index,
     * the base comes from the descriptor. */
    uint64_t address = fetch_at(0x0008, 0x12340000, 0x100);

    ck_assert_msg(address == 0x12340100,
                  "CS selector 0008, base 12340000, RIP 100: it returns %#llx, "
                  "expected 0x12340100",
                  (unsigned long long)address);
}
END_TEST

START_TEST(a_fresh_vcpu_fetches_at_0xfffffff0)
{
    const char *failed_step = "";
    struct kvm_sregs sregs;
    struct kvm_regs regs;
    struct vcpu vcpu;
    struct vm vm;
    uint64_t address;
    int kvm_fd;

    REQUIRE_KVM();
    kvm_fd = kvm_connect(&failed_step);
    ck_assert_msg(kvm_fd >= 0, "%s: %s", failed_step, strerror(errno));
    ck_assert_int_eq(vm_create(kvm_fd, &vm), 0);
    ck_assert_msg(vcpu_create(&vm, 0, &vcpu, &failed_step) == 0, "%s: %s",
                  failed_step, strerror(errno));
    ck_assert_int_eq(vcpu_get_regs(&vcpu, &regs), 0);
    ck_assert_int_eq(vcpu_get_sregs(&vcpu, &sregs), 0);
    address = next_fetch_address(&regs, &sregs);
    ck_assert_msg(address == 0xfffffff0,
                  "a fresh vCPU (cs sel=%04x base=%08llx, rip=%04llx): it "
                  "returns %#llx, expected 0xfffffff0",
                  sregs.cs.selector, (unsigned long long)sregs.cs.base,
                  (unsigned long long)regs.rip, (unsigned long long)address);
    vcpu_destroy(&vcpu);
    vm_destroy(&vm);
    close(kvm_fd);
}
END_TEST

Suite *test_suite(void)
{
    Suite *suite = suite_create("exercise 02.1");

    exercise_check(suite, "the reset state fetches at 0xfffffff0",
                   the_reset_state_fetches_at_the_reset_vector);
    exercise_check(suite, "after a far jump: f000:e05b is 0xfe05b",
                   after_a_far_jump_base_is_selector_times_16);
    exercise_check(suite, "a base of its own: 0008 with base 0x12340000",
                   a_base_that_is_no_multiple_of_the_selector_counts);
    exercise_check(suite, "a fresh vCPU from KVM fetches at 0xfffffff0",
                   a_fresh_vcpu_fetches_at_0xfffffff0);
    return suite;
}
