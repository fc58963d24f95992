/*
 * Chapter 02 run as a reader runs it.
 */
#include "chapter.h"

#define CHAPTER "02-vm-and-vcpu"

START_TEST(prints_the_architectural_reset_state)
{
    struct process p;

    REQUIRE_KVM();
    run_chapter(&p, CHAPTER, NULL, NULL, NULL);
    ck_assert_int_eq(p.exit_code, 0);
    /* SDM Vol. 3A 9.1.4: CS selector F000, base FFFF0000, IP FFF0. */
    ck_assert_ptr_nonnull(strstr(p.out, "\ncs  sel=f000 base=ffff0000 "));
    ck_assert_ptr_nonnull(strstr(p.out, "\nrip=fff0\n"));
    ck_assert_ptr_nonnull(strstr(p.out, "= ffff0000 + fff0 = fffffff0\n"));
    ck_assert_ptr_nonnull(strstr(p.out, "\ncr0=60000010 [ET NW CD]\n"));
    ck_assert_ptr_nonnull(strstr(p.out, "\nrflags=00000002 [-]\n"));
    ck_assert_ptr_nonnull(strstr(p.out, "64 KiB of memory at guest physical "
                                        "address 0 (slot 0)"));
    ck_assert_str_eq(p.err, "");
    process_free(&p);
}
END_TEST

START_TEST(trace_shows_creation_in_order)
{
    struct process p;
    const char *vm, *memory, *vcpu, *mmap_size;

    REQUIRE_KVM();
    run_chapter(&p, CHAPTER, "--trace", NULL, NULL);
    ck_assert_int_eq(p.exit_code, 0);
    vm = strstr(p.out, "KVM_CREATE_VM, 0) = 4");
    memory = strstr(p.out, "KVM_SET_USER_MEMORY_REGION");
    vcpu = strstr(p.out, "KVM_CREATE_VCPU, 0) = 5");
    mmap_size = strstr(p.out, "KVM_GET_VCPU_MMAP_SIZE");
    ck_assert_ptr_nonnull(vm);
    ck_assert_ptr_nonnull(memory);
    ck_assert_ptr_nonnull(vcpu);
    ck_assert_ptr_nonnull(mmap_size);
    ck_assert(vm < memory && memory < vcpu && vcpu < mmap_size);
    process_free(&p);
}
END_TEST

START_TEST(rejects_guest_options)
{
    struct process p;

    run_chapter(&p, CHAPTER, "--guest", "x.bin", NULL);
    ck_assert_int_eq(p.exit_code, 2);
    ck_assert_str_eq(p.err, "02-vm-and-vcpu: unknown option '--guest' — run "
                            "'02-vm-and-vcpu --help' for the options\n");
    process_free(&p);
}
END_TEST

Suite *test_suite(void)
{
    const TTest *const tests[] = {
        prints_the_architectural_reset_state,
        trace_shows_creation_in_order,
        rejects_guest_options,
        NULL,
    };

    return chapter_suite(CHAPTER, tests);
}
