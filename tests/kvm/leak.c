/*
 * The leak check: creating and destroying VMs (with a vCPU, guest memory
 * and now and then a guest run) must leave the open-fd count, the resident
 * memory and the virtual size flat. Also: a machine_create() that fails
 * half-way releases what it had already opened.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guest.h"
#include "harness.h"
#include "machine.h"
#include "real_mode.h"
#include "run.h"

GUEST_EMBEDDED(guest_03_real_mode);

#define MEMORY_SIZE  0x10000 /* chapter 03's 64 KiB */
#define WARM_UP      50
#define ROUNDS       1000
#define RUN_EVERY    100  /* run the chapter 03 guest this often */
#define GROWTH_LIMIT 2048 /* KiB, for RSS and virtual size */

/* The process's virtual size in KiB: guest memory or a kvm_run page that
 * is never unmapped shows here even if nothing touched it. (Counting lines
 * of /proc/self/maps would not do: leaked neighbours merge into one.) */
static long vm_size_kib(void)
{
    FILE *status = fopen("/proc/self/status", "r");
    char line[256];
    long kib = -1;

    ck_assert_ptr_nonnull(status);
    while (fgets(line, sizeof(line), status))
        if (sscanf(line, "VmSize: %ld kB", &kib) == 1)
            break;
    fclose(status);
    return kib;
}

/* One VM's life: create, maybe run the chapter 03 guest, destroy. */
static void one_vm(int round, FILE *console_out)
{
    struct guest_image image = GUEST_IMAGE(guest_03_real_mode);
    const char *failed_step = NULL;
    struct run_stats stats;
    struct console console;
    struct machine m;

    ck_assert_msg(machine_create(&m, MEMORY_SIZE, &failed_step) == 0,
                  "round %d: machine_create failed at %s: %s", round,
                  failed_step, strerror(errno));
    /* Touch every page, so that memory not given back shows in the RSS. */
    memset(m.memory, 0xf4, MEMORY_SIZE);
    if (round % RUN_EVERY == 0) {
        ck_assert_int_eq(guest_load_flat(&m.vm, 0x1000, &image), 0);
        ck_assert_int_eq(real_mode_enter(&m.vcpu, 0, 0x1000, 0xfff0), 0);
        console_init(&console, console_out);
        ck_assert_int_eq(run_until_halt(&m.vcpu, &console, 5.0, &stats),
                         RUN_HALTED);
    }
    machine_destroy(&m);
}

START_TEST(a_thousand_vms_leave_fds_and_memory_flat)
{
    FILE *console_out;
    long rss_before, rss_after, size_before, size_after;
    int fds_before, fds_after;

    REQUIRE_KVM();
    console_out = fopen("/dev/null", "w");
    ck_assert_ptr_nonnull(console_out);
    /* Warm up first: the allocator, stdio and the signal machinery of the
     * run loop take their one-time memory here, not in the count. */
    for (int round = 0; round < WARM_UP; round++)
        one_vm(round, console_out);
    fds_before = harness_open_fds();
    rss_before = harness_rss_kib();
    size_before = vm_size_kib();

    for (int round = 0; round < ROUNDS; round++)
        one_vm(round, console_out);

    fds_after = harness_open_fds();
    rss_after = harness_rss_kib();
    size_after = vm_size_kib();
    ck_assert_int_eq(fds_after, fds_before);
    ck_assert_msg(rss_after - rss_before < GROWTH_LIMIT,
                  "RSS grew by %ld KiB over %d VMs (from %ld to %ld KiB)",
                  rss_after - rss_before, ROUNDS, rss_before, rss_after);
    ck_assert_msg(size_after - size_before < GROWTH_LIMIT,
                  "virtual size grew by %ld KiB over %d VMs (from %ld to %ld "
                  "KiB)",
                  size_after - size_before, ROUNDS, size_before, size_after);
    fclose(console_out);
}
END_TEST

/* machine_create() that fails must itself close what it opened (its
 * contract), and machine_destroy() after it must do no harm. `memory_size`
 * and KVM101_DEVICE choose where it fails. */
static void assert_failure_leaks_nothing(uint64_t memory_size, const char *step,
                                         int err)
{
    const char *failed_step = NULL;
    int fds_before = harness_open_fds();
    struct machine m;

    for (int round = 0; round < 100; round++) {
        errno = 0;
        ck_assert_int_eq(machine_create(&m, memory_size, &failed_step), -1);
        ck_assert_str_eq(failed_step, step);
        ck_assert_msg(errno == err, "errno %s, expected %s", strerror(errno),
                      strerror(err));
    }
    ck_assert_int_eq(harness_open_fds(), fds_before);

    ck_assert_int_eq(machine_create(&m, memory_size, &failed_step), -1);
    machine_destroy(&m);
    ck_assert_int_eq(harness_open_fds(), fds_before);
}

START_TEST(failing_at_the_api_version_closes_the_device)
{
    /* /dev/null opens fine, then KVM_GET_API_VERSION fails: no KVM needed. */
    setenv("KVM101_DEVICE", "/dev/null", 1);
    assert_failure_leaks_nothing(MEMORY_SIZE, "KVM_GET_API_VERSION", ENOTTY);
}
END_TEST

START_TEST(failing_at_the_memory_slot_closes_the_vm_and_device)
{
    REQUIRE_KVM();
    /* Not a multiple of the page size: KVM refuses the slot after the VM
     * exists, so both the VM fd and the /dev/kvm fd must be closed. */
    assert_failure_leaks_nothing(1000, "KVM_SET_USER_MEMORY_REGION", EINVAL);
    /* Larger than the address space: the mmap fails. */
    assert_failure_leaks_nothing(1ull << 50, "KVM_SET_USER_MEMORY_REGION",
                                 ENOMEM);
}
END_TEST

START_TEST(destroying_twice_is_harmless)
{
    const char *failed_step = NULL;
    struct machine m;
    int fds_before;

    REQUIRE_KVM();
    fds_before = harness_open_fds();
    ck_assert_int_eq(machine_create(&m, MEMORY_SIZE, &failed_step), 0);
    ck_assert_int_eq(harness_open_fds(), fds_before + 3); /* kvm, vm, vcpu */
    machine_destroy(&m);
    machine_destroy(&m);
    ck_assert_int_eq(harness_open_fds(), fds_before);
    ck_assert_int_eq(m.kvm_fd, -1);
    ck_assert_int_eq(m.vm.fd, -1);
    ck_assert_int_eq(m.vcpu.fd, -1);
    ck_assert_ptr_null(m.vcpu.run);
}
END_TEST

Suite *test_suite(void)
{
    Suite *suite = suite_create("kvm/leak");
    TCase *many = tcase_create("thousand_vms");
    TCase *failures = tcase_create("failures");

    /* Each VM costs about 1-3 ms here (HOST.md); 60 s leaves room for a
     * slow or sanitized build. */
    tcase_set_timeout(many, 60);
    tcase_add_test(many, a_thousand_vms_leave_fds_and_memory_flat);
    suite_add_tcase(suite, many);

    tcase_set_timeout(failures, 30);
    tcase_add_test(failures, failing_at_the_api_version_closes_the_device);
    tcase_add_test(failures,
                   failing_at_the_memory_slot_closes_the_vm_and_device);
    tcase_add_test(failures, destroying_twice_is_harmless);
    suite_add_tcase(suite, failures);
    return suite;
}
