/*
 * The test of exercise 15.1, a watchpoint in a debug register: checks
 * dr7_watch_writes() against values worked out by hand, then puts the
 * address of the guest's `calls` in DR0 with your DR7 and runs chapter
 * 15's guest: it must stop right after add_up() writes `calls`. That
 * last check needs hardware KVM: on the book's two hosts (nested PVM and
 * QEMU's emulated SVM) no data breakpoint ever fires, and it is skipped
 * there by identity, with the reason.
 */
#include "guest15.h"
#include "guest_debug.h"

uint64_t dr7_watch_writes(int slot, int length);

static void check_bits(int slot, int length, uint64_t want, const char *why)
{
    uint64_t got = dr7_watch_writes(slot, length);

    ck_assert_msg(got == want, "slot %d, %d bytes: DR7 %#llx, not %#llx (%s)",
                  slot, length, (unsigned long long)want,
                  (unsigned long long)got, why);
}

START_TEST(the_bits_for_each_slot_and_length)
{
    check_bits(0, 4, 0xd0001, "L0, R/W0 01, LEN0 11");
    check_bits(1, 8, 0x900004, "L1, R/W1 01, LEN1 10");
    check_bits(2, 1, 0x1000010, "L2, R/W2 01, LEN2 00");
    check_bits(3, 2, 0x50000040, "L3, R/W3 01, LEN3 01");
}
END_TEST

START_TEST(what_cannot_be_watched)
{
    check_bits(0, 3, 0, "3 bytes: no such length");
    check_bits(0, 16, 0, "16 bytes: no such length");
    check_bits(4, 4, 0, "there is no DR4 breakpoint");
    check_bits(-1, 4, 0, "no slot -1");
}
END_TEST

START_TEST(the_guest_stops_after_writing_calls)
{
    uint64_t slots[GUEST_DEBUG_SLOTS] = {0}, add_up_size, add_up;
    struct guest15 g;
    enum run_outcome outcome;
    const int32_t *calls;

    GUEST15_REQUIRE_BREAKPOINTS();
    if (kvm_host_kind() == KVM_HOST_NESTED_PVM)
        SKIP_TEST("nested PVM runs guest kernel code in KVM's instruction "
                  "emulator, which checks code breakpoints but not data "
                  "breakpoints: a watchpoint never fires there");
    slots[0] = guest15_symbol("calls", NULL);
    add_up = guest15_symbol("add_up", &add_up_size);
    guest15_start(&g);
    calls = vm_guest_to_host(&g.m.vm, slots[0], 4); /* identity-mapped */
    ck_assert(calls);
    ck_assert_int_eq(guest_debug_set(&g.m.vcpu, KVM_GUESTDBG_ENABLE |
                                     KVM_GUESTDBG_USE_HW_BP, slots,
                                     dr7_watch_writes(0, 4)), 0);
    outcome = guest15_run(&g);
    ck_assert_msg(outcome == RUN_UNHANDLED_EXIT &&
                  g.m.vcpu.run->exit_reason == KVM_EXIT_DEBUG,
                  "the guest did not stop for the watchpoint (outcome %d)",
                  outcome);
    ck_assert_msg(g.m.vcpu.run->debug.arch.dr6 & DR6_HIT(0),
                  "DR6 %#llx: not DR0's hit",
                  (unsigned long long)g.m.vcpu.run->debug.arch.dr6);
    ck_assert_msg(*calls == 1, "calls is %d: a write watchpoint stops after "
                  "the write", *calls);
    ck_assert_msg(g.m.vcpu.run->debug.arch.pc > add_up &&
                  g.m.vcpu.run->debug.arch.pc < add_up + add_up_size,
                  "stopped at %#llx, not in add_up",
                  (unsigned long long)g.m.vcpu.run->debug.arch.pc);
    guest15_finish(&g);
}
END_TEST

Suite *test_suite(void)
{
    Suite *suite = suite_create("exercise 15.1");

    exercise_check(suite, "DR7 for a write watchpoint, each slot and length",
                   the_bits_for_each_slot_and_length);
    exercise_check(suite, "lengths and slots that cannot be watched give 0",
                   what_cannot_be_watched);
    exercise_check(suite, "the guest stops right after it writes calls",
                   the_guest_stops_after_writing_calls);
    return suite;
}
