/*
 * The test of exercise 06.1, the operand of lgdt: compares gdt_pointer()
 * with bytes worked out by hand, then has guests run lgdt on the
 * learner's bytes, in 16-, 32- and 64-bit code, and reads GDTR back.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "cpuid.h"
#include "exits.h"
#include "guest.h"
#include "harness.h"
#include "long_mode.h"
#include "machine.h"
#include "paging.h"
#include "real_mode.h"
#include "run.h"
#include "segment.h"

size_t gdt_pointer(uint8_t *out, uint64_t base, unsigned entries, int bits);

/* A boot sector, loaded at 0x7c00 and started in real mode: lgdt from the
 * 6 bytes at 0x600, into protected mode and through the table to 32-bit
 * code, which reports with an `out` to port 0x80, then loads GDTR again
 * from 32-bit code, from the 6 bytes at 0x610, and halts. */
extern const uint8_t boot_guest[], boot_guest_end[];
__asm__(".pushsection .rodata\n"
        ".intel_syntax noprefix\n"
        ".code16\n"
        "boot_guest:\n"
        "    cli\n"
        "    xor ax, ax\n"
        "    mov ds, ax\n"
        "    lgdt [0x600]\n"
        "    mov eax, cr0\n"
        "    or al, 1\n" /* CR0.PE */
        "    mov cr0, eax\n"
        "    jmp 0x08:0x7c00 + boot_guest_32 - boot_guest\n"
        ".code32\n"
        "boot_guest_32:\n"
        "    mov ax, 0x10\n"
        "    mov ds, ax\n"
        "    out 0x80, al\n"
        "    lgdt [0x610]\n"
        "    hlt\n"
        "boot_guest_end:\n"
        /* A 64-bit guest, started by the host in long mode at 0x1000:
         * lgdt from the 10 bytes at 0x600. */
        ".code64\n"
        "long_guest:\n"
        "    lgdt [0x600]\n"
        "    hlt\n"
        "long_guest_end:\n"
        ".att_syntax prefix\n"
        ".popsection\n");
extern const uint8_t long_guest[], long_guest_end[];

#define CANARY 0xaa

/* Run until the guest halts or stops with an exit the run loop does not
 * handle (the `out` to port 0x80, a triple fault), for at most 5 s. */
static enum run_outcome run(struct machine *m)
{
    struct run_stats stats;
    struct console console;

    console_init(&console, stdout);
    return run_until_halt(&m->vcpu, &console, 5.0, &stats);
}

/* The bytes at guest-physical 0x600, where lgdt reads them. */
static const char *operand(const struct machine *m, size_t size)
{
    static char text[64];

    for (size_t i = 0; i < size; i++)
        snprintf(text + 3 * i, 4, "%02x ", m->memory[0x600 + i]);
    return text;
}

/* gdt_pointer() into a buffer of canaries; returns its result. */
static size_t pointer(uint8_t out[16], uint64_t base, unsigned entries,
                      int bits)
{
    memset(out, CANARY, 16);
    return gdt_pointer(out, base, entries, bits);
}

static void expect(uint64_t base, unsigned entries, int bits,
                   const uint8_t *wanted, size_t size)
{
    uint8_t out[16];
    size_t yours = pointer(out, base, entries, bits);
    char got[64] = "", want[64] = "";

    for (size_t i = 0; i < size; i++) {
        snprintf(got + 3 * i, 4, "%s%02x", i ? " " : "", out[i]);
        snprintf(want + 3 * i, 4, "%s%02x", i ? " " : "", wanted[i]);
    }
    ck_assert_msg(yours == size,
                  "%d-bit code, %u entries at 0x%llx: you return %zu, but "
                  "lgdt reads %zu bytes",
                  bits, entries, (unsigned long long)base, yours, size);
    ck_assert_msg(memcmp(out, wanted, size) == 0,
                  "%d-bit code, %u entries at 0x%llx: %s, not %s", bits,
                  entries, (unsigned long long)base, got, want);
    ck_assert_msg(out[size] == CANARY, "you wrote more than %zu bytes", size);
}

START_TEST(the_chapter_guests_pointer)
{
    /* 4 entries (0x20 bytes) at 0x7d18: limit 0x1f, then the base. */
    expect(0x7d18, 4, 16, (const uint8_t[]){0x1f, 0, 0x18, 0x7d, 0, 0}, 6);
}
END_TEST

START_TEST(the_limit_is_the_size_minus_one_little_endian)
{
    expect(0x12345678, 512, 32,
           (const uint8_t[]){0xff, 0x0f, 0x78, 0x56, 0x34, 0x12}, 6);
    expect(0, 8192, 32, (const uint8_t[]){0xff, 0xff, 0, 0, 0, 0}, 6);
    expect(0x800, 1, 16, (const uint8_t[]){0x07, 0, 0, 0x08, 0, 0}, 6);
}
END_TEST

START_TEST(code_64_bit_reads_a_64_bit_base)
{
    expect(0xffff800000000800ull, 3, 64,
           (const uint8_t[]){0x17, 0, 0, 0x08, 0, 0, 0, 0x80, 0xff, 0xff}, 10);
}
END_TEST

START_TEST(a_boot_sector_loads_your_gdtr_and_uses_it)
{
    static const uint64_t gdt[3] = {0, 0x00cf9a000000ffffull,
                                    0x00cf92000000ffffull};
    struct guest_image image = {boot_guest,
                                (size_t)(boot_guest_end - boot_guest), NULL};
    const char *failed_step = NULL;
    const struct kvm_sregs *sregs;
    enum run_outcome outcome;
    struct machine m;

    REQUIRE_KVM();
    /* 16 MiB: whatever 24-bit base lgdt reads, the table is in memory. */
    ck_assert_msg(machine_create(&m, 0x1000000, &failed_step) == 0,
                  "machine_create failed at %s", failed_step);
    sregs = &m.vcpu.run->s.regs.sregs;
    memcpy(m.memory + 0x10800, gdt, sizeof(gdt));
    gdt_pointer(m.memory + 0x600, 0x10800, 3, 16);
    gdt_pointer(m.memory + 0x610, 0x12345678, 512, 32);
    ck_assert_int_eq(guest_load_flat(&m.vm, 0x7c00, &image), 0);
    ck_assert_int_eq(real_mode_enter(&m.vcpu, 0, 0x7c00, 0x7c00), 0);

    outcome = run(&m);
    ck_assert_msg(
        outcome == RUN_UNHANDLED_EXIT && m.vcpu.run->exit_reason == KVM_EXIT_IO,
        "the boot sector did not reach 32-bit code (%s at rip "
        "0x%llx): lgdt read %sfrom 0x600, GDTR is base 0x%llx "
        "limit 0x%x",
        outcome == RUN_UNHANDLED_EXIT ? exit_name(m.vcpu.run->exit_reason)
                                      : "no exit",
        m.vcpu.run->s.regs.regs.rip, operand(&m, 6), sregs->gdt.base,
        sregs->gdt.limit);
    ck_assert_msg(sregs->gdt.base == 0x10800 && sregs->gdt.limit == 0x17,
                  "after the 16-bit lgdt, GDTR is base 0x%llx limit 0x%x, "
                  "not base 0x10800 limit 0x17",
                  sregs->gdt.base, sregs->gdt.limit);
    ck_assert_msg(sregs->cs.selector == 0x08 && sregs->cs.db == 1 &&
                      sregs->ds.selector == 0x10,
                  "the far jump did not load 32-bit code from your table");

    ck_assert_int_eq(run(&m), RUN_HALTED);
    ck_assert_msg(sregs->gdt.base == 0x12345678 && sregs->gdt.limit == 0xfff,
                  "after the 32-bit lgdt, GDTR is base 0x%llx limit 0x%x, "
                  "not base 0x12345678 limit 0xfff",
                  sregs->gdt.base, sregs->gdt.limit);
    machine_destroy(&m);
}
END_TEST

START_TEST(a_64_bit_lgdt_loads_your_gdtr)
{
    static uint64_t entries[3];
    const struct gdt gdt = {0x800, entries, 3};
    struct guest_image image = {long_guest,
                                (size_t)(long_guest_end - long_guest), NULL};
    const char *failed_step = NULL;
    struct page_tables tables;
    struct cpuid_result cpuid;
    struct kvm_sregs sregs;
    struct machine m;

    REQUIRE_KVM();
    long_mode_gdt(entries);
    ck_assert_msg(machine_create(&m, 0x200000, &failed_step) == 0,
                  "machine_create failed at %s", failed_step);
    ck_assert_int_eq(
        cpuid_set_supported(m.kvm_fd, &m.vcpu, &cpuid, &failed_step), 0);
    ck_assert_int_eq(gdt_write(&m.vm, &gdt), 0);
    ck_assert_int_eq(page_tables_init(&tables, &m.vm, 0x10000, 0x10000), 0);
    ck_assert_int_eq(page_tables_map(&tables, 0, 0, PAGE_2M, PTE_RW), 0);
    gdt_pointer(m.memory + 0x600, 0xffff800000000800ull, 3, 64);
    ck_assert_int_eq(guest_load_flat(&m.vm, 0x1000, &image), 0);
    ck_assert_int_eq(long_mode_enter(&m.vcpu, &gdt, 0x08, 0x10, tables.root,
                                     0x1000, 0x80000),
                     0);
    ck_assert_msg(run(&m) == RUN_HALTED,
                  "the 64-bit guest stopped with %s: its lgdt read %sfrom "
                  "0x600 and faulted (a 64-bit base must be canonical)",
                  exit_name(m.vcpu.run->exit_reason), operand(&m, 10));
    sregs = m.vcpu.run->s.regs.sregs;
    ck_assert_msg(sregs.gdt.base == 0xffff800000000800ull &&
                      sregs.gdt.limit == 0x17,
                  "after the 64-bit lgdt, GDTR is base 0x%llx limit 0x%x, "
                  "not base 0xffff800000000800 limit 0x17",
                  sregs.gdt.base, sregs.gdt.limit);
    machine_destroy(&m);
}
END_TEST

Suite *test_suite(void)
{
    Suite *suite = suite_create("exercise 06.1");

    exercise_check(suite, "the chapter 06 guest's pointer",
                   the_chapter_guests_pointer);
    exercise_check(suite, "the limit is the size minus one, little-endian",
                   the_limit_is_the_size_minus_one_little_endian);
    exercise_check(suite, "64-bit code reads a 64-bit base",
                   code_64_bit_reads_a_64_bit_base);
    exercise_check(suite, "a boot sector loads your GDTR and jumps through it",
                   a_boot_sector_loads_your_gdtr_and_uses_it);
    exercise_check(suite, "a 64-bit lgdt loads your GDTR",
                   a_64_bit_lgdt_loads_your_gdtr);
    return suite;
}
