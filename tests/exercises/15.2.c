/*
 * The test of exercise 15.2, a backtrace from the stub: stops chapter
 * 15's guest in add_up() (a hardware breakpoint just past its prologue),
 * gives your backtrace() the stub's KVM target, and checks the frames:
 * a return into measure(), then into main(), then into _start.
 */
#include "gdb_kvm.h"
#include "guest15.h"
#include "guest_debug.h"

int backtrace(const struct gdb_target *target, uint64_t *frames, int max);

/* `push rbp; mov rbp, rsp`: what -O0 puts at the start of a function. */
static const uint8_t prologue[] = {0x55, 0x48, 0x89, 0xe5};

/* Is `address` inside the guest function `name`? (_start, written in
 * assembly, has no size: its call to main is in its first 16 bytes.) */
static bool inside(uint64_t address, const char *name)
{
    uint64_t size, start = guest15_symbol(name, &size);

    return address > start && address < start + (size ? size : 16);
}

START_TEST(three_frames_from_add_up)
{
    uint64_t slots[GUEST_DEBUG_SLOTS] = {0}, frames[8] = {0};
    struct gdb_target target;
    struct gdb_kvm kvm;
    struct guest15 g;
    const uint8_t *code;
    int count;

    GUEST15_REQUIRE_BREAKPOINTS();
    guest15_start(&g);
    slots[0] = guest15_symbol("add_up", NULL);
    code = vm_guest_to_host(&g.m.vm, slots[0], sizeof(prologue));
    ck_assert(code && memcmp(code, prologue, sizeof(prologue)) == 0);
    slots[0] += sizeof(prologue); /* past it: rbp is add_up's own */
    ck_assert_int_eq(guest_debug_set(&g.m.vcpu, KVM_GUESTDBG_ENABLE |
                                     KVM_GUESTDBG_USE_HW_BP, slots,
                                     guest_debug_dr7_execute(1)), 0);
    ck_assert(guest15_run(&g) == RUN_UNHANDLED_EXIT &&
              g.m.vcpu.run->exit_reason == KVM_EXIT_DEBUG);
    kvm = (struct gdb_kvm){.vcpu = &g.m.vcpu, .host = &g.host,
                           .timeout = 5.0};
    gdb_kvm_target(&kvm, &target);
    count = backtrace(&target, frames, 8);
    ck_assert_msg(count == 3, "%d frames, not 3 (measure, main, _start)",
                  count);
    ck_assert_msg(inside(frames[0], "measure"),
                  "frame 1 returns to %#llx, not into measure()",
                  (unsigned long long)frames[0]);
    ck_assert_msg(inside(frames[1], "main"),
                  "frame 2 returns to %#llx, not into main()",
                  (unsigned long long)frames[1]);
    ck_assert_msg(inside(frames[2], "_start"),
                  "frame 3 returns to %#llx, not into _start",
                  (unsigned long long)frames[2]);
    guest15_finish(&g);
}
END_TEST

START_TEST(max_is_respected)
{
    uint64_t slots[GUEST_DEBUG_SLOTS] = {0}, frames[2] = {0, 0};
    struct gdb_target target;
    struct gdb_kvm kvm;
    struct guest15 g;

    GUEST15_REQUIRE_BREAKPOINTS();
    guest15_start(&g);
    slots[0] = guest15_symbol("add_up", NULL) + sizeof(prologue);
    ck_assert_int_eq(guest_debug_set(&g.m.vcpu, KVM_GUESTDBG_ENABLE |
                                     KVM_GUESTDBG_USE_HW_BP, slots,
                                     guest_debug_dr7_execute(1)), 0);
    ck_assert(guest15_run(&g) == RUN_UNHANDLED_EXIT);
    kvm = (struct gdb_kvm){.vcpu = &g.m.vcpu, .host = &g.host,
                           .timeout = 5.0};
    gdb_kvm_target(&kvm, &target);
    ck_assert_int_eq(backtrace(&target, frames, 1), 1);
    ck_assert_msg(inside(frames[0], "measure"), "frame 1: %#llx",
                  (unsigned long long)frames[0]);
    ck_assert_int_eq(frames[1], 0); /* nothing past max */
    guest15_finish(&g);
}
END_TEST

Suite *test_suite(void)
{
    Suite *suite = suite_create("exercise 15.2");

    exercise_check(suite, "from add_up: measure, main, _start",
                   three_frames_from_add_up);
    exercise_check(suite, "no more than max frames", max_is_respected);
    return suite;
}
