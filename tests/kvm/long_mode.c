/*
 * KVM tests for chapter 05: CPUID, page tables built in guest memory, long
 * mode entered with KVM_SET_SREGS, and the chapter's 64-bit guest.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>

#include "cpuid.h"
#include "guest.h"
#include "harness.h"
#include "long_mode.h"
#include "machine.h"
#include "paging.h"
#include "run.h"
#include "segment.h"
#include "x86.h"

GUEST_EMBEDDED(guest_05_long_mode);
GUEST_EMBEDDED(guest_tests_unmapped);

#define HIGHER_HALF 0xffff800000000000ull

static uint64_t entries[3];
static const struct gdt gdt = {0x800, entries, 3};

/* The chapter's machine: 4 MiB identity-mapped, HIGHER_HALF -> 0x9000. */
static void build(struct machine *m, struct page_tables *tables,
                  struct guest_image image, int with_cpuid)
{
    const char *failed_step = NULL;
    struct cpuid_result cpuid;

    long_mode_gdt(entries);
    ck_assert_msg(machine_create(m, 0x400000, &failed_step) == 0,
                  "machine_create failed at %s", failed_step);
    if (with_cpuid) {
        ck_assert_int_eq(
            cpuid_set_supported(m->kvm_fd, &m->vcpu, &cpuid, &failed_step), 0);
        ck_assert(cpuid.has_long_mode);
        ck_assert_int_gt(cpuid.entries, 0);
    }
    ck_assert_int_eq(gdt_write(&m->vm, &gdt), 0);
    ck_assert_int_eq(page_tables_init(tables, &m->vm, 0x10000, 0x10000), 0);
    ck_assert_int_eq(page_tables_map(tables, 0, 0, PAGE_2M, PTE_RW), 0);
    ck_assert_int_eq(page_tables_map(tables, PAGE_2M, PAGE_2M, PAGE_2M, PTE_RW),
                     0);
    ck_assert_int_eq(
        page_tables_map(tables, HIGHER_HALF, 0x9000, PAGE_4K, PTE_RW), 0);
    ck_assert_int_eq(guest_load_flat(&m->vm, 0x1000, &image), 0);
}

static enum run_outcome run(struct machine *m, char **output)
{
    struct run_stats stats;
    struct console console;
    size_t size = 0;
    FILE *out = open_memstream(output, &size);
    enum run_outcome outcome;

    console_init(&console, out);
    outcome = run_until_halt(&m->vcpu, &console, 5.0, &stats);
    fclose(out);
    return outcome;
}

START_TEST(guest_writes_through_the_higher_half)
{
    struct page_tables tables;
    struct machine m;
    char *output = NULL;
    uint64_t stored;

    REQUIRE_KVM();
    build(&m, &tables, GUEST_IMAGE(guest_05_long_mode), 1);
    ck_assert_int_eq(long_mode_enter(&m.vcpu, &gdt, 0x08, 0x10, tables.root,
                                     0x1000, 0x80000),
                     0);
    ck_assert_int_eq(run(&m, &output), RUN_HALTED);
    ck_assert_str_eq(output,
                     "guest> Hello from long mode!\n"
                     "guest> 0xffff800000000000 and 0x9000 are the same "
                     "memory\n");
    ck_assert_uint_eq(m.vcpu.run->s.regs.regs.rbx, 2432902008176640000ull);
    memcpy(&stored, m.memory + 0x9000, sizeof(stored));
    ck_assert_uint_eq(stored, 2432902008176640000ull);
    free(output);
    machine_destroy(&m);
}
END_TEST

START_TEST(vcpu_is_in_64_bit_mode_after_the_halt)
{
    struct page_tables tables;
    struct machine m;
    char *output = NULL;
    const struct kvm_sregs *sregs;

    REQUIRE_KVM();
    build(&m, &tables, GUEST_IMAGE(guest_05_long_mode), 1);
    long_mode_enter(&m.vcpu, &gdt, 0x08, 0x10, tables.root, 0x1000, 0x80000);
    ck_assert_int_eq(run(&m, &output), RUN_HALTED);
    sregs = &m.vcpu.run->s.regs.sregs;
    ck_assert_uint_eq(sregs->cr0 & (CR0_PE | CR0_PG), CR0_PE | CR0_PG);
    ck_assert_uint_eq(sregs->cr4 & CR4_PAE, CR4_PAE);
    ck_assert_uint_eq(sregs->efer & (EFER_LME | EFER_LMA), EFER_LME | EFER_LMA);
    ck_assert_uint_eq(sregs->cr3, 0x10000);
    ck_assert_uint_eq(sregs->cs.l, 1);
    ck_assert_uint_eq(sregs->cs.db, 0);
    free(output);
    machine_destroy(&m);
}
END_TEST

START_TEST(our_walk_and_kvm_translate_agree)
{
    struct page_tables tables;
    struct page_walk walk;
    struct machine m;
    uint64_t by_kvm;
    char *output = NULL;

    REQUIRE_KVM();
    build(&m, &tables, GUEST_IMAGE(guest_05_long_mode), 1);
    long_mode_enter(&m.vcpu, &gdt, 0x08, 0x10, tables.root, 0x1000, 0x80000);
    ck_assert_int_eq(run(&m, &output), RUN_HALTED);
    ck_assert_int_eq(
        x86_page_walk(&m.vm, tables.root, HIGHER_HALF + 0x10, &walk), 0);
    ck_assert_int_eq(vcpu_translate(&m.vcpu, HIGHER_HALF + 0x10, &by_kvm), 0);
    ck_assert_uint_eq(walk.physical_address, 0x9010);
    ck_assert_uint_eq(by_kvm, 0x9010);
    /* The CPU marked the leaf accessed and dirty: the guest wrote there. */
    ck_assert_uint_eq(walk.step[3].entry & (PTE_A | PTE_D), PTE_A | PTE_D);
    /* An unmapped address: KVM says so too. */
    ck_assert_int_eq(vcpu_translate(&m.vcpu, 0x40000000, &by_kvm), -1);
    ck_assert_int_eq(errno, ENOENT);
    free(output);
    machine_destroy(&m);
}
END_TEST

START_TEST(cpuid_inside_the_vcpu_offers_long_mode)
{
    struct page_tables tables;
    struct machine m;
    struct kvm_cpuid2 *cpuid;
    int found = 0;

    REQUIRE_KVM(); /* before the calloc: a skip returns at once */
    cpuid = calloc(1, sizeof(*cpuid) + 512 * sizeof(cpuid->entries[0]));
    build(&m, &tables, GUEST_IMAGE(guest_05_long_mode), 1);
    /* KVM_GET_CPUID2 reads back what KVM_SET_CPUID2 gave the vCPU. */
    cpuid->nent = 512;
    ck_assert_int_eq(ioctl(m.vcpu.fd, KVM_GET_CPUID2, cpuid), 0);
    for (unsigned i = 0; i < cpuid->nent; i++)
        if (cpuid->entries[i].function == CPUID_EXT_FEATURES) {
            ck_assert(cpuid->entries[i].edx & CPUID_EXT_EDX_LM);
            found = 1;
        }
    ck_assert(found);
    free(cpuid);
    machine_destroy(&m);
}
END_TEST

START_TEST(unmapped_write_triple_faults_with_cr2)
{
    struct page_tables tables;
    struct machine m;
    char *output = NULL;

    REQUIRE_KVM();
    build(&m, &tables, GUEST_IMAGE(guest_tests_unmapped), 1);
    long_mode_enter(&m.vcpu, &gdt, 0x08, 0x10, tables.root, 0x1000, 0x80000);
    ck_assert_int_eq(run(&m, &output), RUN_UNHANDLED_EXIT);
    ck_assert_uint_eq(m.vcpu.run->exit_reason, KVM_EXIT_SHUTDOWN);
    free(output);
    machine_destroy(&m);
}
END_TEST

Suite *test_suite(void)
{
    Suite *suite = suite_create("kvm/long_mode");
    TCase *tc = tcase_create("long_mode");

    tcase_set_timeout(tc, 20);
    tcase_add_test(tc, guest_writes_through_the_higher_half);
    tcase_add_test(tc, vcpu_is_in_64_bit_mode_after_the_halt);
    tcase_add_test(tc, our_walk_and_kvm_translate_agree);
    tcase_add_test(tc, cpuid_inside_the_vcpu_offers_long_mode);
    tcase_add_test(tc, unmapped_write_triple_faults_with_cr2);
    suite_add_tcase(suite, tc);
    return suite;
}
