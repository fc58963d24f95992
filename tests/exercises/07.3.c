/*
 * The test of exercise 07.3, a hypercall that answers with the time:
 * hands clock_handle() hand-made exits, then runs a tiny long-mode guest
 * that makes the call twice under run_with_handler() and looks at what
 * arrived in its registers.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "exits.h"
#include "guest.h"
#include "harness.h"
#include "hypercall.h"
#include "long_mode.h"
#include "machine.h"
#include "run.h"

#define HC_GET_TIME 100
#define START_TIME  5000000000ull /* 5 s, in nanoseconds */

enum io_result clock_handle(struct vcpu *vcpu, void *context);

/* A vCPU with nothing but a kvm_run, as KVM leaves it after an `out` of
 * EAX to `port`, RAX = number. */
static struct vcpu fake_exit(uint16_t port, uint8_t size, uint64_t number)
{
    struct kvm_run *run = calloc(1, 3 * 4096);

    run->exit_reason = KVM_EXIT_IO;
    run->io.direction = KVM_EXIT_IO_OUT;
    run->io.port = port;
    run->io.size = size;
    run->io.count = 1;
    run->io.data_offset = 4096;
    run->s.regs.regs.rax = number;
    return (struct vcpu){.fd = -1, .run = run};
}

START_TEST(the_call_gets_the_time_in_rax)
{
    struct vcpu vcpu = fake_exit(HYPERCALL_PORT, 4, HC_GET_TIME);
    uint64_t clock = START_TIME;

    ck_assert_msg(clock_handle(&vcpu, &clock) == IO_HANDLED,
                  "HC_GET_TIME on HYPERCALL_PORT was not handled");
    ck_assert_msg(vcpu.run->s.regs.regs.rax == START_TIME,
                  "the guest's RAX in kvm_run is %llu, not the time %llu",
                  vcpu.run->s.regs.regs.rax, START_TIME);
    ck_assert_msg(clock == START_TIME + 1000,
                  "the clock is %llu after the call, not %llu",
                  (unsigned long long)clock, START_TIME + 1000);
    ck_assert_msg(vcpu.run->kvm_dirty_regs & KVM_SYNC_X86_REGS,
                  "RAX changed in kvm_run, but kvm_dirty_regs does not say "
                  "so: KVM will not load it");
    free(vcpu.run);
}
END_TEST

/* Not ours: nothing may change. */
static void expect_not_mine(struct vcpu *vcpu, uint64_t number,
                            const char *what)
{
    uint64_t clock = START_TIME;

    ck_assert_msg(clock_handle(vcpu, &clock) == IO_NOT_MINE,
                  "%s was taken for HC_GET_TIME", what);
    ck_assert_msg(vcpu->run->s.regs.regs.rax == number &&
                      vcpu->run->kvm_dirty_regs == 0 && clock == START_TIME,
                  "%s: IO_NOT_MINE, but RAX, kvm_dirty_regs or the clock "
                  "changed",
                  what);
    free(vcpu->run);
}

START_TEST(other_calls_and_ports_are_not_mine)
{
    struct vcpu write = fake_exit(HYPERCALL_PORT, 4, HC_WRITE);
    struct vcpu com1 = fake_exit(COM1_PORT, 1, HC_GET_TIME);
    struct vcpu byte = fake_exit(HYPERCALL_PORT, 1, HC_GET_TIME);
    struct vcpu in = fake_exit(HYPERCALL_PORT, 4, HC_GET_TIME);

    in.run->io.direction = KVM_EXIT_IO_IN;
    expect_not_mine(&write, HC_WRITE, "call number 1 (HC_WRITE)");
    expect_not_mine(&com1, HC_GET_TIME, "a byte written to COM1");
    expect_not_mine(&byte, HC_GET_TIME, "a 1-byte out to HYPERCALL_PORT");
    expect_not_mine(&in, HC_GET_TIME, "an `in` from HYPERCALL_PORT");
}
END_TEST

START_TEST(an_mmio_exit_is_not_a_hypercall)
{
    /* The io fields set, then called MMIO: the same bytes of the union
     * are now mmio.phys_addr, a guest write to 0x10f000401. */
    struct vcpu mmio = fake_exit(HYPERCALL_PORT, 4, HC_GET_TIME);

    mmio.run->exit_reason = KVM_EXIT_MMIO;
    mmio.run->mmio.is_write = 1;
    expect_not_mine(&mmio, HC_GET_TIME,
                    "a KVM_EXIT_MMIO (check run->exit_reason before "
                    "reading run->io)");
}
END_TEST

/* 64-bit code: the call twice, the first answer kept in RBX; then hlt. */
static const uint8_t clock_guest[] = {
    0xb8, 0x64, 0x00, 0x00, 0x00, /* mov eax, 100 (HC_GET_TIME) */
    0x66, 0xba, 0x00, 0x0f,       /* mov dx, 0x0f00 (HYPERCALL_PORT) */
    0xef,                         /* out dx, eax */
    0x48, 0x89, 0xc3,             /* mov rbx, rax */
    0xb8, 0x64, 0x00, 0x00, 0x00, /* mov eax, 100 */
    0xef,                         /* out dx, eax */
    0xf4,                         /* hlt */
};

START_TEST(a_guest_reads_the_clock_twice)
{
    struct guest_image image = {clock_guest, sizeof(clock_guest), NULL};
    const char *failed_step = "";
    uint64_t clock = START_TIME;
    struct console console;
    struct run_stats stats;
    enum run_outcome outcome;
    struct kvm_regs *regs;
    char exit_text[160];
    struct machine m;

    REQUIRE_KVM();
    ck_assert_msg(machine_create(&m, 2 << 20, &failed_step) == 0, "%s: %s",
                  failed_step, strerror(errno));
    ck_assert_int_eq(guest_load_flat(&m.vm, 0x10000, &image), 0);
    ck_assert_msg(long_mode_boot(&m, 0x10000, 0x20000, &failed_step) == 0,
                  "%s: %s", failed_step, strerror(errno));
    console_init(&console, stdout);
    outcome =
        run_with_handler(&m.vcpu, &console, 5, &stats, clock_handle, &clock);
    ck_assert_msg(outcome == RUN_HALTED,
                  "the guest did not reach its hlt: it stopped with %s",
                  exit_describe(exit_text, sizeof(exit_text), m.vcpu.run));
    regs = &m.vcpu.run->s.regs.regs;
    ck_assert_msg(regs->rbx != HC_GET_TIME,
                  "after its first call the guest's RAX still held 100, its "
                  "call number: KVM did not load the result (kvm_dirty_regs)");
    ck_assert_msg(regs->rbx == START_TIME && regs->rax == START_TIME + 1000,
                  "the guest got %llu and then %llu, not %llu and %llu",
                  regs->rbx, regs->rax, START_TIME, START_TIME + 1000);
    machine_destroy(&m);
}
END_TEST

Suite *test_suite(void)
{
    Suite *suite = suite_create("exercise 07.3");

    exercise_check(suite, "HC_GET_TIME gets the time in RAX, marked dirty",
                   the_call_gets_the_time_in_rax);
    exercise_check(suite, "other calls, ports and directions are not mine",
                   other_calls_and_ports_are_not_mine);
    exercise_check(suite, "an MMIO exit is not a hypercall",
                   an_mmio_exit_is_not_a_hypercall);
    exercise_check(suite, "a guest that calls twice gets 5 s, then 5 s + 1 us",
                   a_guest_reads_the_clock_twice);
    return suite;
}
