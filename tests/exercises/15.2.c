/*
 * The test of exercise 15.2, a backtrace from the stub: stops chapter
 * 15's guest in add_up() (a hardware breakpoint just past its prologue),
 * gives your backtrace() the stub's KVM target, and checks the frames:
 * a return into measure(), then into main(), then into _start. First,
 * with no KVM, a mock target whose stack holds three frames.
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

/* A mock target, no KVM: rbp 0x2000 and three frames on a stack at
 * 0x2000-0x2fff; nothing else is readable. */
#define STACK 0x2000
static uint64_t stack[512];

static int mock_registers(void *context, uint8_t *bytes)
{
    uint64_t rbp = STACK, rip = 0x400100;

    (void)context;
    memset(bytes, 0, GDB_KVM_REGISTER_BYTES);
    memcpy(bytes + 8 * 6, &rbp, 8);
    memcpy(bytes + 8 * 16, &rip, 8);
    return 0;
}

static int mock_memory(void *context, uint64_t address, uint8_t *bytes,
                       size_t length, size_t *done)
{
    (void)context;
    *done = 0;
    if (address < STACK || address + length > STACK + sizeof(stack))
        return -1;
    memcpy(bytes, (uint8_t *)stack + (address - STACK), length);
    *done = length;
    return 0;
}

START_TEST(a_chain_of_frames_in_a_mock)
{
    struct gdb_target mock = {.register_count = GDB_KVM_REGISTER_COUNT,
                              .register_sizes = gdb_kvm_register_sizes,
                              .read_registers = mock_registers,
                              .read_memory = mock_memory};
    uint64_t frames[8] = {0};

    /* [rbp] the caller's rbp, [rbp + 8] the return address. */
    stack[0] = STACK + 0x100, stack[1] = 0x401234;
    stack[0x20] = STACK + 0x200, stack[0x21] = 0x405678;
    stack[0x40] = 0, stack[0x41] = 0x409abc;
    ck_assert_int_eq(backtrace(&mock, frames, 8), 3);
    ck_assert_uint_eq(frames[0], 0x401234);
    ck_assert_uint_eq(frames[1], 0x405678);
    ck_assert_uint_eq(frames[2], 0x409abc);
    /* A chain into memory nobody can read ends there. */
    stack[0x20] = 0x9000;
    ck_assert_int_eq(backtrace(&mock, frames, 8), 2);
}
END_TEST

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

    exercise_check(suite, "three frames on a mock target's stack",
                   a_chain_of_frames_in_a_mock);
    exercise_check(suite, "from add_up: measure, main, _start",
                   three_frames_from_add_up);
    exercise_check(suite, "no more than max frames", max_is_respected);
    return suite;
}
