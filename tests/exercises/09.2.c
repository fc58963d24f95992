/*
 * The test of exercise 09.2, read an exception frame: checks
 * read_exception_frame() on stacks laid out by hand, then on the stacks a
 * real vCPU leaves for a ud2 and for a page fault.
 */
#include <string.h>
#include <sys/ioctl.h>

#include "harness.h"
#include "long_mode.h"
#include "machine.h"

struct fault_report {
    uint64_t error_code;
    uint64_t rip, cs, rflags, rsp, ss;
};

int read_exception_frame(const uint64_t *stack, unsigned vector,
                         struct fault_report *report);

#define CHECK_FIELD(report, want, field)                                       \
    ck_assert_msg(                                                             \
        (report).field == (want).field, #field " is %#llx, not %#llx",         \
        (unsigned long long)(report).field, (unsigned long long)(want).field)

static void check_report(const struct fault_report *got,
                         const struct fault_report *want)
{
    CHECK_FIELD(*got, *want, rip);
    CHECK_FIELD(*got, *want, error_code);
    CHECK_FIELD(*got, *want, cs);
    CHECK_FIELD(*got, *want, rflags);
    CHECK_FIELD(*got, *want, rsp);
    CHECK_FIELD(*got, *want, ss);
}

/* A stack as the CPU leaves it: the error code (if any) lowest. */
static void check_vector(unsigned vector, int with_error_code)
{
    const struct fault_report want = {
        with_error_code ? 0x1234 : 0, 0x100091, 0x08, 0x10046, 0x10fff0, 0x10};
    uint64_t stack[8] = {0};
    uint64_t *top = stack + 1;
    struct fault_report got;

    memset(&got, 0x55, sizeof(got));
    if (with_error_code)
        *top++ = want.error_code;
    top[0] = want.rip;
    top[1] = want.cs;
    top[2] = want.rflags;
    top[3] = want.rsp;
    top[4] = want.ss;
    ck_assert_msg(read_exception_frame(stack + 1, vector, &got) == 0,
                  "vector %u was refused", vector);
    check_report(&got, &want);
}

START_TEST(no_error_code_for_de_ud_and_bp)
{
    check_vector(0, 0);  /* #DE */
    check_vector(3, 0);  /* #BP */
    check_vector(6, 0);  /* #UD */
    check_vector(19, 0); /* #XM */
}
END_TEST

START_TEST(an_error_code_for_gp_pf_df_and_ac)
{
    check_vector(13, 1); /* #GP */
    check_vector(14, 1); /* #PF */
    check_vector(8, 1);  /* #DF */
    check_vector(17, 1); /* #AC */
    check_vector(30, 1); /* #SX */
}
END_TEST

START_TEST(interrupts_are_refused)
{
    uint64_t stack[8] = {0};
    struct fault_report got;

    ck_assert_msg(read_exception_frame(stack, 32, &got) == -1,
                  "vector 32 (an interrupt, not an exception) was read");
}
END_TEST

/* Run `code` at 0x8000 in long mode, with every gate of an IDT leading to
 * a hlt at 0x9000, and read the frame the CPU pushed for `vector`. */
static void check_real_frame(const uint8_t *code, size_t size, unsigned vector,
                             uint64_t error_code)
{
    enum { IDT = 0x6000, CODE = 0x8000, HANDLER = 0x9000, STACK = 0x20000 };
    const char *failed_step;
    struct fault_report got;
    struct kvm_sregs sregs;
    struct kvm_regs regs;
    struct machine m;

    ck_assert_int_eq(machine_create(&m, 0x200000, &failed_step), 0);
    ck_assert_int_eq(long_mode_boot(&m, CODE, STACK, &failed_step), 0);
    for (int v = 0; v < 32; v++) {
        uint8_t *gate = m.memory + IDT + 16 * v;

        gate[0] = HANDLER & 0xff; /* bits 16-63 of 0x9000 are 0 */
        gate[1] = HANDLER >> 8;
        gate[2] = 0x08; /* long_mode_boot's code segment */
        gate[5] = 0x8e; /* present 64-bit interrupt gate */
    }
    memcpy(m.memory + CODE, code, size);
    m.memory[HANDLER] = 0xf4; /* hlt */
    ck_assert_int_eq(vcpu_get_sregs(&m.vcpu, &sregs), 0);
    sregs.idt.base = IDT;
    sregs.idt.limit = 32 * 16 - 1;
    ck_assert_int_eq(vcpu_set_sregs(&m.vcpu, &sregs), 0);
    ck_assert_int_eq(ioctl(m.vcpu.fd, KVM_RUN, 0), 0);
    ck_assert_int_eq(m.vcpu.run->exit_reason, KVM_EXIT_HLT);
    ck_assert_int_eq(vcpu_get_regs(&m.vcpu, &regs), 0);
    ck_assert_int_eq(regs.rip, HANDLER + 1);

    /* The handler is only a hlt: RSP is still where the CPU left it. */
    ck_assert_msg(read_exception_frame((uint64_t *)(m.memory + regs.rsp),
                                       vector, &got) == 0,
                  "vector %u was refused", vector);
    ck_assert_msg(got.rip == CODE, "rip is %#llx, not %#x (the %s)",
                  (unsigned long long)got.rip, CODE,
                  vector == 6 ? "ud2" : "faulting mov");
    ck_assert_msg(
        got.error_code == error_code, "the error code is %#llx, not %#llx",
        (unsigned long long)got.error_code, (unsigned long long)error_code);
    ck_assert_msg(got.cs == 0x08 && got.ss == 0x10,
                  "cs %#llx and ss %#llx, not 0x8 and 0x10",
                  (unsigned long long)got.cs, (unsigned long long)got.ss);
    ck_assert_msg(got.rsp == STACK, "rsp is %#llx, not %#x",
                  (unsigned long long)got.rsp, STACK);
    ck_assert_msg(got.rflags & 2, "rflags %#llx lacks bit 1, always set",
                  (unsigned long long)got.rflags);
    machine_destroy(&m);
}

START_TEST(the_frame_of_a_real_ud2)
{
    static const uint8_t ud2[] = {0x0f, 0x0b};

    REQUIRE_KVM();
    check_real_frame(ud2, sizeof(ud2), 6, 0);
}
END_TEST

START_TEST(the_frame_of_a_real_page_fault)
{
    /* mov rax, [0x40000000]: long_mode_boot maps the first 1 GiB only. */
    static const uint8_t read[] = {0x48, 0x8b, 0x04, 0x25,
                                   0x00, 0x00, 0x00, 0x40};

    REQUIRE_KVM();
    check_real_frame(read, sizeof(read), 14, 0);
}
END_TEST

Suite *test_suite(void)
{
    Suite *suite = suite_create("exercise 09.2");

    exercise_check(suite, "#DE, #BP, #UD, #XM: no error code",
                   no_error_code_for_de_ud_and_bp);
    exercise_check(suite, "#GP, #PF, #DF, #AC, #SX: an error code",
                   an_error_code_for_gp_pf_df_and_ac);
    exercise_check(suite, "vector 32 and up are refused",
                   interrupts_are_refused);
    exercise_check(suite, "the frame a real vCPU pushes for ud2",
                   the_frame_of_a_real_ud2);
    exercise_check(suite, "the frame a real vCPU pushes for a page fault",
                   the_frame_of_a_real_page_fault);
    return suite;
}
