/*
 * KVM tests for chapter 14's helpers on real vCPUs: a vCPU started at
 * CPL 3 by common/user_mode.c exits to the host on `out` (IOPL 3, and the
 * TSS's I/O bitmap on nested PVM), and is held to its page rights: a
 * privileged instruction, a write to its code, a touch of a CPL 0 page
 * or of an unmapped one end in KVM_EXIT_SHUTDOWN (no IDT: a triple
 * fault), where an `out` after them would have exited had they
 * worked. The vCPU's statistics fd (common/kvm_stats.c) counts its exits.
 * The sandbox (chapter 13) rests on all of these.
 */
#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>

#include "harness.h"
#include "kvm_stats.h"
#include "machine.h"
#include "user_mode.h"

#define MEMORY 0x100000
#define CODE 0x10000
#define DATA 0x20000
#define SUPERVISOR 0x30000
#define PORT 0x530

static const struct user_region regions[] = {
    {CODE, 0x1000, USER_EXEC},
    {DATA, 0x1000, USER_WRITE},
    {SUPERVISOR, 0x1000, USER_WRITE | USER_SUPERVISOR},
};

/* A machine whose vCPU starts at `cpl` at CODE, running `code`. */
static void boot(struct machine *m, const uint8_t *code, size_t size,
                 int cpl)
{
    const struct user_mode_plan plan = {
        .system_area = 0x1000,
        .tables = 0x4000,
        .tables_size = 0xc000,
        .regions = regions,
        .region_count = 3,
        .rip = CODE,
        .rsp = DATA + 0x1000,
        .cpl = cpl,
    };
    const char *failed_step = NULL;

    ck_assert_int_eq(machine_create(m, MEMORY, &failed_step), 0);
    memcpy(m->memory + CODE, code, size);
    ck_assert_msg(user_mode_boot(m, &plan, &failed_step) == 0,
                  "user_mode_boot failed at %s: %s", failed_step,
                  strerror(errno));
}

static unsigned run_once(struct machine *m)
{
    ck_assert_int_eq(ioctl(m->vcpu.fd, KVM_RUN, 0), 0);
    return m->vcpu.run->exit_reason;
}

/* mov dx, PORT; out dx, al; out dx, al; out dx, al; ... then `tail` */
static void expect_outs_then(const uint8_t *tail, size_t tail_size,
                             unsigned last_exit)
{
    uint8_t code[64] = {0x66, 0xba, PORT & 0xff, PORT >> 8, 0xee, 0xee, 0xee};
    struct kvm_regs regs;
    struct kvm_sregs sregs;
    struct machine m;

    REQUIRE_KVM();
    memcpy(code + 7, tail, tail_size);
    boot(&m, code, 7 + tail_size, 3);
    ck_assert_int_eq(ioctl(m.vcpu.fd, KVM_GET_SREGS, &sregs), 0);
    ck_assert_int_eq(sregs.cs.dpl, 3);
    ck_assert_int_eq(sregs.ss.dpl, 3);
    for (int i = 0; i < 3; i++) {
        ck_assert_msg(run_once(&m) == KVM_EXIT_IO,
                      "out %d at CPL 3: exit %u, not KVM_EXIT_IO", i,
                      m.vcpu.run->exit_reason);
        ck_assert_int_eq(m.vcpu.run->io.port, PORT);
        ck_assert_int_eq(m.vcpu.run->io.direction, KVM_EXIT_IO_OUT);
    }
    ck_assert_int_eq(run_once(&m), last_exit);
    if (last_exit == KVM_EXIT_IO) {
        ck_assert_int_eq(ioctl(m.vcpu.fd, KVM_GET_REGS, &regs), 0);
        ck_assert_uint_ge(regs.rip, CODE + 7);
    }
    machine_destroy(&m);
}

START_TEST(out_at_cpl3_exits_to_the_host)
{
    const uint8_t in_again[] = {0xec}; /* in al, dx: exits too */

    expect_outs_then(in_again, 1, KVM_EXIT_IO);
}
END_TEST

START_TEST(hlt_at_cpl3_is_a_fault)
{
    const uint8_t hlt[] = {0xf4};

    expect_outs_then(hlt, 1, KVM_EXIT_SHUTDOWN);
}
END_TEST

START_TEST(code_is_not_writable_at_cpl3)
{
    /* mov byte ptr [rip - 1], al: a write into its own code; then an
     * out, which would exit if the write had been allowed */
    const uint8_t write_code[] = {0x88, 0x05, 0xff, 0xff, 0xff, 0xff, 0xee};

    expect_outs_then(write_code, sizeof(write_code), KVM_EXIT_SHUTDOWN);
}
END_TEST

START_TEST(cpl0_pages_are_out_of_reach_at_cpl3)
{
    /* mov eax, [SUPERVISOR] */
    const uint8_t read_supervisor[] = {0x8b, 0x04, 0x25, 0x00, 0x00, 0x03,
                                       0x00, 0xee};
    /* mov eax, [0x50000]: mapped nowhere */
    const uint8_t read_unmapped[] = {0x8b, 0x04, 0x25, 0x00, 0x00, 0x05,
                                     0x00, 0xee};

    expect_outs_then(read_supervisor, sizeof(read_supervisor),
                     KVM_EXIT_SHUTDOWN);
    expect_outs_then(read_unmapped, sizeof(read_unmapped), KVM_EXIT_SHUTDOWN);
}
END_TEST

START_TEST(the_same_tables_start_cpl0)
{
    const uint8_t code[] = {0xe6, 0x80, 0xf4}; /* out 0x80, al; hlt */
    struct kvm_sregs sregs;
    struct machine m;

    REQUIRE_KVM();
    boot(&m, code, sizeof(code), 0);
    ck_assert_int_eq(ioctl(m.vcpu.fd, KVM_GET_SREGS, &sregs), 0);
    ck_assert_int_eq(sregs.ss.dpl, 0);
    ck_assert_int_eq(run_once(&m), KVM_EXIT_IO);
    ck_assert_int_eq(run_once(&m), KVM_EXIT_HLT);
    machine_destroy(&m);
}
END_TEST

START_TEST(writable_code_and_bad_cpls_are_refused)
{
    const struct user_region wx = {CODE, 0x1000, USER_WRITE | USER_EXEC};
    struct user_mode_plan plan = {.system_area = 0x1000, .tables = 0x4000,
                                  .tables_size = 0xc000, .regions = &wx,
                                  .region_count = 1, .rip = CODE, .cpl = 3};
    const char *failed_step;
    struct machine m;

    REQUIRE_KVM();
    ck_assert_int_eq(machine_create(&m, MEMORY, &failed_step), 0);
    errno = 0;
    ck_assert_int_eq(user_mode_boot(&m, &plan, &failed_step), -1);
    ck_assert_int_eq(errno, EINVAL);
    plan.region_count = 0;
    plan.cpl = 1;
    errno = 0;
    ck_assert_int_eq(user_mode_boot(&m, &plan, &failed_step), -1);
    ck_assert_int_eq(errno, EINVAL);
    machine_destroy(&m);
}
END_TEST

START_TEST(stats_fd_counts_the_exits)
{
    /* out dx, al 3 times, then jmp back: every turn is one exit */
    const uint8_t code[] = {0x66, 0xba, PORT & 0xff, PORT >> 8, 0xee,
                            0xeb, 0xfd};
    struct kvm_stats stats = {.fd = -1};
    uint64_t before, after;
    struct machine m;

    REQUIRE_KVM();
    boot(&m, code, sizeof(code), 3);
    ck_assert_msg(kvm_stats_open(m.vcpu.fd, &stats) == 0,
                  "KVM_GET_STATS_FD: %s", strerror(errno));
    ck_assert_int_gt(stats.count, 0);
    ck_assert_int_ge(kvm_stats_find(&stats, "exits"), 0);
    ck_assert_int_eq(kvm_stats_value(&stats, "exits", &before), 0);
    for (int i = 0; i < 50; i++)
        ck_assert_int_eq(run_once(&m), KVM_EXIT_IO);
    ck_assert_int_eq(kvm_stats_value(&stats, "exits", &after), 0);
    ck_assert_msg(after - before >= 50, "exits moved by %llu over 50 exits",
                  (unsigned long long)(after - before));
    errno = 0;
    ck_assert_int_eq(kvm_stats_value(&stats, "no_such_counter", &after), -1);
    ck_assert_int_eq(errno, ENOENT);
    kvm_stats_close(&stats);
    kvm_stats_close(&stats); /* safe twice */
    machine_destroy(&m);
}
END_TEST

Suite *test_suite(void)
{
    Suite *suite = suite_create("kvm/user_mode");
    TCase *tc = tcase_create("user_mode");

    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, out_at_cpl3_exits_to_the_host);
    tcase_add_test(tc, hlt_at_cpl3_is_a_fault);
    tcase_add_test(tc, code_is_not_writable_at_cpl3);
    tcase_add_test(tc, cpl0_pages_are_out_of_reach_at_cpl3);
    tcase_add_test(tc, the_same_tables_start_cpl0);
    tcase_add_test(tc, writable_code_and_bad_cpls_are_refused);
    tcase_add_test(tc, stats_fd_counts_the_exits);
    suite_add_tcase(suite, tc);
    return suite;
}
