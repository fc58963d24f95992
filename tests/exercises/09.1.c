/*
 * The test of exercise 09.1, build an interrupt gate: checks
 * idt_gate_make() against gates worked out by hand, then gives a long-mode
 * vCPU an IDT of such gates and lets it run a ud2.
 */
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>

#include "harness.h"
#include "long_mode.h"
#include "machine.h"

void idt_gate_make(uint8_t gate[16], uint64_t handler, uint16_t selector);

static void check_gate(uint64_t handler, uint16_t selector,
                       const uint8_t want[16])
{
    uint8_t gate[16];
    char got_text[64] = "", want_text[64] = "";

    memset(gate, 0xaa, sizeof(gate)); /* whatever was there before */
    idt_gate_make(gate, handler, selector);
    for (int i = 0; i < 16; i++) {
        snprintf(got_text + 3 * i, 4, " %02x", gate[i]);
        snprintf(want_text + 3 * i, 4, " %02x", want[i]);
    }
    ck_assert_msg(memcmp(gate, want, 16) == 0,
                  "the gate for %#llx, selector %#x should be [%s ], "
                  "yours is [%s ]",
                  (unsigned long long)handler, selector, want_text, got_text);
}

START_TEST(a_handler_below_4_gib)
{
    static const uint8_t want[16] = {0x40, 0x00, 0x08, 0x00, 0x00, 0x8e,
                                     0x10, 0x00, 0x00, 0x00, 0x00, 0x00,
                                     0x00, 0x00, 0x00, 0x00};

    check_gate(0x100040, 0x08, want);
}
END_TEST

START_TEST(another_selector)
{
    static const uint8_t want[16] = {0x34, 0x12, 0x10, 0x00, 0x00, 0x8e,
                                     0x78, 0x56, 0x00, 0x00, 0x00, 0x00,
                                     0x00, 0x00, 0x00, 0x00};

    check_gate(0x56781234, 0x10, want);
}
END_TEST

START_TEST(a_handler_in_the_higher_half)
{
    static const uint8_t want[16] = {0x56, 0x34, 0x08, 0x00, 0x00, 0x8e,
                                     0x12, 0x80, 0xff, 0xff, 0xff, 0xff,
                                     0x00, 0x00, 0x00, 0x00};

    check_gate(0xffffffff80123456ull, 0x08, want);
}
END_TEST

START_TEST(a_real_cpu_takes_the_gate)
{
    /* Long mode with chapter 07's set-up; an IDT of 32 gates at 0x6000,
     * all leading to a handler at 0x9000 that is a hlt; code at 0x8000
     * that is a ud2. The CPU must deliver #UD (vector 6) through the
     * gate. */
    enum { IDT = 0x6000, CODE = 0x8000, HANDLER = 0x9000, STACK = 0x20000 };
    const char *failed_step;
    struct kvm_sregs sregs;
    struct kvm_regs regs;
    struct machine m;
    uint64_t pushed_rip;

    REQUIRE_KVM();
    ck_assert_int_eq(machine_create(&m, 0x200000, &failed_step), 0);
    ck_assert_int_eq(long_mode_boot(&m, CODE, STACK, &failed_step), 0);
    for (int vector = 0; vector < 32; vector++)
        idt_gate_make(m.memory + IDT + 16 * vector, HANDLER, 0x08);
    m.memory[CODE] = 0x0f; /* ud2 */
    m.memory[CODE + 1] = 0x0b;
    m.memory[HANDLER] = 0xf4; /* hlt */
    ck_assert_int_eq(vcpu_get_sregs(&m.vcpu, &sregs), 0);
    sregs.idt.base = IDT;
    sregs.idt.limit = 32 * 16 - 1;
    ck_assert_int_eq(vcpu_set_sregs(&m.vcpu, &sregs), 0);

    ck_assert_int_eq(ioctl(m.vcpu.fd, KVM_RUN, 0), 0);
    ck_assert_msg(m.vcpu.run->exit_reason == KVM_EXIT_HLT,
                  "the guest did not reach the handler's hlt: exit %u%s",
                  m.vcpu.run->exit_reason,
                  m.vcpu.run->exit_reason == KVM_EXIT_SHUTDOWN
                      ? " (KVM_EXIT_SHUTDOWN: a triple fault, the CPU "
                        "could not use the gate)"
                      : "");
    ck_assert_int_eq(vcpu_get_regs(&m.vcpu, &regs), 0);
    ck_assert_msg(regs.rip == HANDLER + 1, "halted at rip %#llx, not %#x",
                  regs.rip, HANDLER + 1);
    memcpy(&pushed_rip, m.memory + regs.rsp, 8);
    ck_assert_msg(pushed_rip == CODE, "the CPU pushed rip %#llx, not %#x",
                  (unsigned long long)pushed_rip, CODE);
    machine_destroy(&m);
}
END_TEST

Suite *test_suite(void)
{
    Suite *suite = suite_create("exercise 09.1");

    exercise_check(suite, "a gate for a handler at 0x100040",
                   a_handler_below_4_gib);
    exercise_check(suite, "another selector, another address",
                   another_selector);
    exercise_check(suite, "a handler above 4 GiB",
                   a_handler_in_the_higher_half);
    exercise_check(suite, "a real vCPU delivers #UD through your gates",
                   a_real_cpu_takes_the_gate);
    return suite;
}
