/*
 * The test of exercise 06.3, page tables for a trampoline: walks the
 * learner's tables in plain host memory, then runs a boot sector that
 * turns paging on with them and jumps into the kernel's half.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpuid.h"
#include "exits.h"
#include "guest.h"
#include "harness.h"
#include "machine.h"
#include "paging.h"
#include "real_mode.h"
#include "run.h"
#include "x86.h"

void trampoline_tables(uint64_t tables[4][512], uint64_t tables_phys);

#define KERNEL_BASE 0xffffffff80000000ull
#define TABLES      0x10000
#define MEMORY_SIZE 0x200000 /* 2 MiB: the tables must map all of it */

/* A boot sector, loaded at 0x7c00, that does what chapter 06's does, but
 * with the page tables the host wrote at 0x10000: lgdt, protected mode,
 * CR3, PAE, EFER.LME, paging, 64-bit code. Then it jumps to its own next
 * instruction in the kernel's half, writes "kern" to KERNEL_BASE + 0x9000
 * and halts there. */
extern const uint8_t trampoline[], trampoline_end[];
__asm__(".pushsection .rodata\n"
        ".intel_syntax noprefix\n"
        ".balign 16\n"
        ".code16\n"
        "trampoline:\n"
        "    cli\n"
        "    xor ax, ax\n"
        "    mov ds, ax\n"
        "    lgdt [0x7c00 + trampoline_gdt_pointer - trampoline]\n"
        "    mov eax, cr0\n"
        "    or al, 1\n"
        "    mov cr0, eax\n"
        "    jmp 0x08:0x7c00 + trampoline_32 - trampoline\n"
        ".code32\n"
        "trampoline_32:\n"
        "    mov ax, 0x10\n"
        "    mov ds, ax\n"
        "    mov es, ax\n"
        "    mov ss, ax\n"
        "    mov eax, 0x10000\n" /* the host's tables */
        "    mov cr3, eax\n"
        "    mov eax, cr4\n"
        "    or eax, 0x20\n" /* CR4.PAE */
        "    mov cr4, eax\n"
        "    mov ecx, 0xc0000080\n"
        "    rdmsr\n"
        "    or eax, 0x100\n" /* EFER.LME */
        "    wrmsr\n"
        "    mov eax, cr0\n"
        "    or eax, 0x80000000\n" /* CR0.PG */
        "    mov cr0, eax\n"
        "    jmp 0x18:0x7c00 + trampoline_64 - trampoline\n"
        ".code64\n"
        "trampoline_64:\n"
        "    movabs rax, offset 0xffffffff80007c00 + trampoline_high - "
        "trampoline\n"
        "    jmp rax\n"
        "trampoline_high:\n"
        "    movabs rbx, 0xffffffff80009000\n"
        "    mov dword ptr [rbx], 0x6e72656b\n" /* "kern" */
        "    hlt\n"
        ".balign 8\n"
        "trampoline_gdt:\n"
        "    .quad 0, 0x00cf9a000000ffff, 0x00cf92000000ffff\n"
        "    .quad 0x00af9a000000ffff\n"
        "trampoline_gdt_pointer:\n"
        "    .word 31\n"
        "    .long 0x7c00 + trampoline_gdt - trampoline\n"
        "trampoline_end:\n"
        ".att_syntax prefix\n"
        ".popsection\n");

static uint8_t *memory;
static struct vm vm;

/* Plain memory with the learner's tables at TABLES. */
static void set_up(void)
{
    memory = calloc(1, MEMORY_SIZE);
    vm = (struct vm){.fd = -1, .slot_count = 1};
    vm.slots[0] = (struct vm_slot){.size = MEMORY_SIZE, .host = memory};
    trampoline_tables((uint64_t(*)[512])(memory + TABLES), TABLES);
}

/* Walk `address`; it must lead to `physical` through a 2 MiB page. */
static void expect(uint64_t address, uint64_t physical)
{
    struct page_walk walk;
    const struct walk_step *last;

    if (x86_page_walk(&vm, TABLES, address, &walk) < 0) {
        ck_assert_int_gt(walk.steps, 0);
        last = &walk.step[walk.steps - 1];
        ck_abort_msg(
            "0x%llx is not mapped: the walk stops at %s entry %u "
            "(0x%016llx)%s",
            (unsigned long long)address, x86_paging_level_name(last->level),
            last->index, (unsigned long long)last->entry,
            errno == EFAULT ? ", which leads outside memory" : ", not present");
    }
    ck_assert_msg(
        walk.physical_address == physical, "0x%llx leads to 0x%llx, not 0x%llx",
        (unsigned long long)address, (unsigned long long)walk.physical_address,
        (unsigned long long)physical);
    ck_assert_msg(walk.page_size == PAGE_2M,
                  "0x%llx is in a page of 0x%llx bytes, not 2 MiB",
                  (unsigned long long)address,
                  (unsigned long long)walk.page_size);
    for (int i = 0; i < walk.steps; i++)
        ck_assert_msg(walk.step[i].entry & PTE_RW,
                      "%s entry %u of 0x%llx is not writable",
                      x86_paging_level_name(walk.step[i].level),
                      walk.step[i].index, (unsigned long long)address);
}

static void expect_unmapped(uint64_t address)
{
    struct page_walk walk;

    ck_assert_msg(x86_page_walk(&vm, TABLES, address, &walk) < 0,
                  "0x%llx is mapped, to 0x%llx: only the first 2 MiB "
                  "should be",
                  (unsigned long long)address,
                  (unsigned long long)walk.physical_address);
}

START_TEST(the_trampoline_runs_where_it_is)
{
    set_up();
    expect(0x7c00, 0x7c00);
    expect(0, 0);
    expect(0x1fffff, 0x1fffff);
    free(memory);
}
END_TEST

START_TEST(the_kernels_half_shows_the_same_memory)
{
    set_up();
    expect(KERNEL_BASE, 0);
    expect(KERNEL_BASE + 0x7c00, 0x7c00);
    expect(KERNEL_BASE + 0x1fffff, 0x1fffff);
    free(memory);
}
END_TEST

START_TEST(only_the_first_2_mib)
{
    set_up();
    expect_unmapped(0x200000);
    expect_unmapped(KERNEL_BASE + 0x200000);
    free(memory);
}
END_TEST

START_TEST(a_boot_sector_climbs_on_your_tables_into_the_kernel)
{
    struct guest_image image = {trampoline,
                                (size_t)(trampoline_end - trampoline), NULL};
    const char *failed_step = NULL;
    const struct kvm_sregs *sregs;
    struct cpuid_result cpuid;
    struct run_stats stats;
    struct console console;
    enum run_outcome outcome;
    uint64_t rip;
    struct machine m;

    REQUIRE_KVM();
    ck_assert_msg(machine_create(&m, MEMORY_SIZE, &failed_step) == 0,
                  "machine_create failed at %s", failed_step);
    ck_assert_int_eq(
        cpuid_set_supported(m.kvm_fd, &m.vcpu, &cpuid, &failed_step), 0);
    trampoline_tables((uint64_t(*)[512])(m.memory + TABLES), TABLES);
    ck_assert_int_eq(guest_load_flat(&m.vm, 0x7c00, &image), 0);
    ck_assert_int_eq(real_mode_enter(&m.vcpu, 0, 0x7c00, 0x7c00), 0);
    console_init(&console, stdout);
    outcome = run_until_halt(&m.vcpu, &console, 5.0, &stats);
    sregs = &m.vcpu.run->s.regs.sregs;
    rip = m.vcpu.run->s.regs.regs.rip;
    ck_assert_msg(outcome == RUN_HALTED,
                  "the boot sector stopped with %s at rip 0x%llx (cr2 "
                  "0x%llx)%s",
                  outcome == RUN_UNHANDLED_EXIT
                      ? exit_name(m.vcpu.run->exit_reason)
                      : "no exit",
                  (unsigned long long)rip, sregs->cr2,
                  rip < 0x8000 && (sregs->cr0 & CR0_PG)
                      ? ": right after paging went on, its own next "
                        "instruction was not mapped"
                      : "");
    ck_assert_msg(rip >= KERNEL_BASE + 0x7c00 && rip < KERNEL_BASE + 0x7e00,
                  "the guest halted at rip 0x%llx, not in the kernel's "
                  "half",
                  (unsigned long long)rip);
    ck_assert_msg((sregs->efer & EFER_LMA) && sregs->cs.l,
                  "the guest is not in 64-bit mode");
    ck_assert_msg(memcmp(m.memory + 0x9000, "kern", 4) == 0,
                  "the write to KERNEL_BASE + 0x9000 did not reach physical "
                  "0x9000");
    machine_destroy(&m);
}
END_TEST

Suite *test_suite(void)
{
    Suite *suite = suite_create("exercise 06.3");

    exercise_check(suite, "the trampoline runs where it is: identity map",
                   the_trampoline_runs_where_it_is);
    exercise_check(suite, "the kernel's half shows the same memory",
                   the_kernels_half_shows_the_same_memory);
    exercise_check(suite, "only the first 2 MiB are mapped",
                   only_the_first_2_mib);
    exercise_check(suite, "a boot sector climbs on your tables into the kernel",
                   a_boot_sector_climbs_on_your_tables_into_the_kernel);
    return suite;
}
