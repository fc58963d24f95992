/*
 * KVM tests for chapter 12's entry (common/linux_boot.c) on a real VM: the
 * vCPU it prepares has the CPUID Linux needs (the hypervisor and
 * TSC-deadline bits, KVM's own leaves) and keeps from the guest exactly
 * the paravirtual features the plan names, which chapter 12 uses on the
 * SVM host to turn PV EOI off.
 */
#include <linux/kvm_para.h>
#include <stdlib.h>

#include "harness.h"
#include "irq.h"
#include "kvm.h"
#include "linux_boot.h"

#define MEMORY_SIZE (64 << 20)
#define CPUID_ROOM 256
#define CPUID_ECX_HYPERVISOR (1u << 31)

/* The vCPU's CPUID entry for `function` (index 0), or NULL. */
static struct kvm_cpuid_entry2 *entry(struct kvm_cpuid2 *cpuid,
                                      uint32_t function)
{
    for (unsigned i = 0; i < cpuid->nent; i++)
        if (cpuid->entries[i].function == function &&
            cpuid->entries[i].index == 0)
            return &cpuid->entries[i];
    return NULL;
}

/* Enter with `features_off` in the plan; return the vCPU's CPUID. */
static struct kvm_cpuid2 *enter_and_read_cpuid(uint32_t features_off)
{
    struct linux_boot_plan plan = {
        .zero_page = LINUX_ZERO_PAGE,
        .entry = LINUX_KERNEL + LINUX_ENTRY_64_OFFSET,
        .kvm_features_off = features_off,
    };
    struct kvm_cpuid2 *cpuid = calloc(1, sizeof(*cpuid) + CPUID_ROOM *
                                          sizeof(cpuid->entries[0]));
    const char *failed_step;
    struct machine m;

    ck_assert_msg(irq_machine_create(&m, MEMORY_SIZE, &failed_step) == 0,
                  "irq_machine_create failed at %s", failed_step);
    ck_assert_msg(linux_boot_enter(&m, &plan, &failed_step) == 0,
                  "linux_boot_enter failed at %s", failed_step);
    cpuid->nent = CPUID_ROOM;
    ck_assert_int_eq(KVM_IOCTL(m.vcpu.fd, KVM_GET_CPUID2, cpuid), 0);
    machine_destroy(&m);
    return cpuid;
}

START_TEST(the_entry_keeps_back_only_the_features_the_plan_names)
{
    const uint32_t pv_eoi = 1u << KVM_FEATURE_PV_EOI;
    struct kvm_cpuid2 *all, *fewer;
    struct kvm_cpuid_entry2 *features_all, *features_fewer;

    REQUIRE_KVM();
    all = enter_and_read_cpuid(0);
    fewer = enter_and_read_cpuid(pv_eoi);
    ck_assert(entry(all, 1)->ecx & CPUID_ECX_HYPERVISOR);
    features_all = entry(all, KVM_CPUID_FEATURES);
    features_fewer = entry(fewer, KVM_CPUID_FEATURES);
    ck_assert_msg(features_all && features_fewer, "no KVM feature leaf");
    ck_assert_msg(features_all->eax & pv_eoi, "KVM offers no PV EOI here");
    ck_assert_uint_eq(features_fewer->eax, features_all->eax & ~pv_eoi);
    free(all);
    free(fewer);
}
END_TEST

Suite *test_suite(void)
{
    Suite *suite = suite_create("kvm/linux_boot");
    TCase *tc = tcase_create("linux_boot");

    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, the_entry_keeps_back_only_the_features_the_plan_names);
    suite_add_tcase(suite, tc);
    return suite;
}
