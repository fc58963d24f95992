/*
 * Several vCPUs through common/vcpu_thread.c, in this process: the
 * chapter 11 guest and hostile ones, with the number of threads in
 * /proc/self/task counted after every way a run can end (no thread may be
 * left behind), a set-up that fails half-way, and a leak check of many
 * threaded runs. The count is taken once the VM is gone: a VM that has
 * run has a thread of KVM's own in our process while it lives (on this
 * host's 6.18 kernel, "kvm-nx-lpage-re", the NX huge page recovery
 * worker, started at the first KVM_RUN).
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "elf_loader.h"
#include "guest.h"
#include "harness.h"
#include "hypercall_host.h"
#include "long_mode.h"
#include "machine.h"
#include "vcpu_thread.h"

GUEST_EMBEDDED(guest_11_smp);
GUEST_EMBEDDED(guest_tests_smp_no_sipi);
GUEST_EMBEDDED(guest_tests_smp_ap_triple_fault);
GUEST_EMBEDDED(guest_tests_smp_spin_if0);

#define MEMORY_SIZE (16 << 20)
#define MAX_VCPUS 8

struct smp_run {
    int tasks_before; /* threads in this process before the run */
    struct machine m;
    struct elf_info info;
    struct vcpu aps[MAX_VCPUS];
    struct vcpu_thread threads[MAX_VCPUS];
    struct hypercall_host hosts[MAX_VCPUS];
    struct vcpu_threads_result result;
    FILE *sink;
    char config[8];
    int count;
};

static int threads_in_process(void)
{
    DIR *tasks = opendir("/proc/self/task");
    struct dirent *entry;
    int count = 0;

    ck_assert_ptr_nonnull(tasks);
    while ((entry = readdir(tasks)))
        count += entry->d_name[0] != '.';
    closedir(tasks);
    return count;
}

/* The climb's checkpoints on port 0x80 (chapter 06): taken, ignored. */
static enum io_result checkpoint(struct vcpu *vcpu, void *context)
{
    (void)context;
    return vcpu->run->exit_reason == KVM_EXIT_IO && vcpu->run->io.port == 0x80
               ? IO_HANDLED
               : IO_NOT_MINE;
}

/* vCPU 0: long mode at the entry (the machine's vCPU is this thread's). */
static int boot_setup(struct vcpu_thread *thread, const char **failed_step)
{
    struct smp_run *r = thread->setup_context;

    return long_mode_boot(&r->m, r->info.entry, MEMORY_SIZE, failed_step);
}

/* Machine, guest and threads for `count` vCPUs; vCPU ids from `ids`, or
 * 0..count-1 when NULL. Returns vcpu_threads_start()'s result. */
static int start(struct smp_run *r, struct guest_image image, int count,
                 const int *ids, struct vcpu_group *group)
{
    const char *failed_step = NULL;

    memset(r, 0, sizeof(*r));
    r->tasks_before = threads_in_process();
    r->count = count;
    ck_assert_msg(vcpu_threads_machine_create(&r->m, MEMORY_SIZE,
                                              &failed_step) == 0,
                  "creating the VM failed at %s", failed_step);
    ck_assert_int_eq(elf_load(&r->m.vm, image.data, image.size, &r->info),
                     ELF_OK);
    r->sink = fopen("/dev/null", "w");
    ck_assert_ptr_nonnull(r->sink);
    snprintf(r->config, sizeof(r->config), "%d", count);
    for (int i = 0; i < count; i++) {
        struct vcpu_thread *thread = &r->threads[i];

        *thread = (struct vcpu_thread){
            .id = ids ? ids[i] : i,
            .vcpu = i == 0 ? &r->m.vcpu : &r->aps[i],
            .setup = i == 0 ? boot_setup : vcpu_setup_cpuid, .setup_context = r,
            .handler = hypercall_handle, .context = &r->hosts[i]};
        console_init(&thread->console, r->sink);
        r->hosts[i] = (struct hypercall_host){
            .vm = &r->m.vm, .console = &thread->console,
            .config = r->config, .refusals = r->sink, .other = checkpoint};
    }
    return vcpu_threads_start(group, &r->m.vm, r->threads, count);
}

static void run(struct smp_run *r, struct guest_image image, int count,
                double timeout)
{
    struct vcpu_group group;

    ck_assert_int_eq(start(r, image, count, NULL, &group), 0);
    ck_assert_int_eq(vcpu_threads_run(&group, timeout, &r->result), 0);
}

static void finish(struct smp_run *r)
{
    vcpu_threads_destroy(r->threads, r->count);
    machine_destroy(&r->m);
    fclose(r->sink);
}

START_TEST(the_chapter_guest_on_two_vcpus)
{
    struct smp_run r;

    REQUIRE_KVM();
    run(&r, GUEST_IMAGE(guest_11_smp), 2, 10.0);
    ck_assert(!r.result.timed_out);
    ck_assert_int_eq(r.result.first, 0);
    ck_assert_int_eq(r.threads[0].outcome, RUN_STOPPED);
    ck_assert(r.hosts[0].exited && r.hosts[0].exit_status == 0);
    ck_assert_int_eq(r.threads[1].mp_state_before.mp_state,
                     KVM_MP_STATE_UNINITIALIZED);
    ck_assert_int_eq(r.threads[1].outcome, RUN_TIMED_OUT); /* stopped */
    ck_assert_int_eq(r.threads[1].mp_state_after.mp_state,
                     KVM_MP_STATE_HALTED); /* settled into its cli; hlt */
    finish(&r);
    ck_assert_int_eq(threads_in_process(), r.tasks_before);
}
END_TEST

START_TEST(an_ap_never_started_stays_uninitialized)
{
    struct smp_run r;

    REQUIRE_KVM();
    run(&r, GUEST_IMAGE(guest_tests_smp_no_sipi), 2, 10.0);
    ck_assert_int_eq(r.result.first, 0);
    ck_assert_int_eq(r.threads[1].mp_state_after.mp_state,
                     KVM_MP_STATE_UNINITIALIZED);
    finish(&r);
    ck_assert_int_eq(threads_in_process(), r.tasks_before);
}
END_TEST

START_TEST(an_ap_triple_fault_ends_the_run)
{
    struct smp_run r;

    REQUIRE_KVM();
    run(&r, GUEST_IMAGE(guest_tests_smp_ap_triple_fault), 2, 10.0);
    ck_assert(!r.result.timed_out);
    ck_assert_int_eq(r.result.first, 1);
    ck_assert_int_eq(r.threads[1].outcome, RUN_UNHANDLED_EXIT);
    ck_assert_int_eq(r.aps[1].run->exit_reason, KVM_EXIT_SHUTDOWN);
    ck_assert_int_eq(r.threads[0].outcome, RUN_TIMED_OUT); /* stopped */
    finish(&r);
    ck_assert_int_eq(threads_in_process(), r.tasks_before);
}
END_TEST

START_TEST(the_time_limit_stops_every_vcpu)
{
    struct smp_run r;

    REQUIRE_KVM();
    run(&r, GUEST_IMAGE(guest_tests_smp_spin_if0), 2, 0.5);
    ck_assert(r.result.timed_out);
    ck_assert_int_eq(r.result.first, -1);
    for (int i = 0; i < 2; i++) {
        ck_assert_int_eq(r.threads[i].outcome, RUN_TIMED_OUT);
        ck_assert_int_eq(r.threads[i].mp_state_after.mp_state,
                         KVM_MP_STATE_RUNNABLE);
    }
    finish(&r);
    ck_assert_int_eq(threads_in_process(), r.tasks_before);
}
END_TEST

START_TEST(a_vcpu_that_cannot_be_created_stops_them_all)
{
    const int ids[] = {0, 1, 1}; /* KVM refuses the second id 1 */
    struct vcpu_group group;
    struct smp_run r;
    int fds_before;

    REQUIRE_KVM();
    fds_before = harness_open_fds();
    ck_assert_int_eq(start(&r, GUEST_IMAGE(guest_11_smp), 3, ids, &group),
                     -1);
    ck_assert_int_eq(errno, EEXIST);
    /* The two threads race for id 1: whichever comes second fails. */
    ck_assert_msg((r.threads[1].failed_step != NULL) !=
                      (r.threads[2].failed_step != NULL),
                  "exactly one of the two threads with id 1 must fail");
    ck_assert_str_eq(r.threads[1].failed_step ? r.threads[1].failed_step
                                              : r.threads[2].failed_step,
                     "KVM_CREATE_VCPU");
    for (int i = 0; i < 3; i++)
        ck_assert_msg(!r.threads[i].ran, "vCPU %d ran", i);
    finish(&r);
    ck_assert_int_eq(threads_in_process(), r.tasks_before);
    ck_assert_int_eq(harness_open_fds(), fds_before);
}
END_TEST

/* Resident memory, in KiB (/proc/self/statm counts pages). */
static long resident_kib(void)
{
    FILE *statm = fopen("/proc/self/statm", "r");
    long size = 0, resident = 0;

    ck_assert_ptr_nonnull(statm);
    ck_assert_int_eq(fscanf(statm, "%ld %ld", &size, &resident), 2);
    fclose(statm);
    return resident * (sysconf(_SC_PAGESIZE) / 1024);
}

/* The leak check of the threaded teardown: after a warm-up, 100 runs of
 * 4 vCPUs (4 threads, a watchdog, 4 vCPU fds and mappings each) leave the
 * fd count, the thread count and the resident memory where they were. */
START_TEST(threaded_runs_leak_nothing)
{
    int fds_before = 0, tasks_before = 0;
    long resident_before = 0;

    REQUIRE_KVM();
    for (int round = 0; round < 110; round++) {
        struct smp_run r;

        if (round == 10) { /* warmed up: allocator pools, stacks */
            fds_before = harness_open_fds();
            tasks_before = threads_in_process();
            resident_before = resident_kib();
        }
        run(&r, GUEST_IMAGE(guest_tests_smp_no_sipi), 4, 10.0);
        ck_assert_int_eq(r.result.first, 0);
        finish(&r);
    }
    ck_assert_int_eq(harness_open_fds(), fds_before);
    ck_assert_int_eq(threads_in_process(), tasks_before);
#ifndef __SANITIZE_ADDRESS__
    /* Under AddressSanitizer freed memory waits in its quarantine, and
     * each thread has caches of its own: resident memory grows whatever
     * we do. LeakSanitizer checks for leaks there instead, at exit. */
    ck_assert_msg(resident_kib() - resident_before < 2048,
                  "resident memory grew by %ld KiB in 100 runs",
                  resident_kib() - resident_before);
#else
    (void)resident_before;
#endif
}
END_TEST

Suite *test_suite(void)
{
    Suite *suite = suite_create("kvm/smp");
    TCase *tc = tcase_create("smp");

    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, the_chapter_guest_on_two_vcpus);
    tcase_add_test(tc, an_ap_never_started_stays_uninitialized);
    tcase_add_test(tc, an_ap_triple_fault_ends_the_run);
    tcase_add_test(tc, the_time_limit_stops_every_vcpu);
    tcase_add_test(tc, a_vcpu_that_cannot_be_created_stops_them_all);
    tcase_add_test(tc, threaded_runs_leak_nothing);
    suite_add_tcase(suite, tc);
    return suite;
}
