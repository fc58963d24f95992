/*
 * Unit tests for common/vcpu.c without KVM: the size KVM reports for the
 * kvm_run mapping must hold a whole struct kvm_run before we map it.
 */
#include <linux/kvm.h>

#include "harness.h"
#include "vcpu.h"

START_TEST(mmap_sizes_smaller_than_kvm_run_are_refused)
{
    ck_assert(!vcpu_mmap_size_is_enough(-1));
    ck_assert(!vcpu_mmap_size_is_enough(0));
    ck_assert(!vcpu_mmap_size_is_enough((int)sizeof(struct kvm_run) - 1));
    ck_assert(vcpu_mmap_size_is_enough((int)sizeof(struct kvm_run)));
    ck_assert(vcpu_mmap_size_is_enough(3 * 4096)); /* a usual answer */
}
END_TEST

Suite *test_suite(void)
{
    Suite *suite = suite_create("unit/vcpu");
    TCase *tc = tcase_create("mmap_size");

    tcase_add_test(tc, mmap_sizes_smaller_than_kvm_run_are_refused);
    suite_add_tcase(suite, tc);
    return suite;
}
