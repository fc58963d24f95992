/*
 * The test of exercise 04.2, a data segment of any size: compares
 * data_descriptor() with descriptors worked out by hand, then lets the CPU
 * judge: a small guest writes the last byte of the learner's segment and
 * the byte after it, and only the first may succeed.
 */
#include <stdint.h>
#include <stdio.h>

#include "exits.h"
#include "guest.h"
#include "harness.h"
#include "kvm.h"
#include "machine.h"
#include "protected_mode.h"
#include "run.h"
#include "segment.h"

uint64_t data_descriptor(uint32_t base, uint64_t size);

GUEST_EMBEDDED(guest_04_protected_mode);

/* A 32-bit guest, loaded at 0x1000, that writes through FS = 0x18 (the
 * segment under test) at offset ECX, the last byte, tells the host with
 * an `out` that it got there, and then writes one byte further, which
 * must raise #GP: with no IDT, a triple fault. */
extern const uint8_t limit_guest[], limit_guest_end[];
__asm__(".pushsection .rodata\n"
        ".intel_syntax noprefix\n"
        ".code32\n"
        "limit_guest:\n"
        "    mov ax, 0x18\n"
        "    mov fs, ax\n"
        "    mov byte ptr fs:[ecx], 1\n" /* the last byte: inside */
        "    out 0x80, al\n"
        "    inc ecx\n"
        "    mov byte ptr fs:[ecx], 2\n" /* one beyond: #GP */
        "    hlt\n"
        "limit_guest_end:\n"
        ".code64\n"
        ".att_syntax prefix\n"
        ".popsection\n");

#define CODE_ACCESS                                                            \
    (SEG_P | SEG_S | SEG_TYPE_CODE | SEG_TYPE_CODE_READ | SEG_TYPE_ACCESSED)
#define DATA_ACCESS (SEG_P | SEG_S | SEG_TYPE_DATA_WRITE | SEG_TYPE_ACCESSED)
#define MEMORY_SIZE 0x400000 /* 4 MiB */
#define WINDOW      0x100000 /* base of the segment under test */

static void expect_descriptor(uint32_t base, uint64_t size, uint64_t wanted)
{
    uint64_t yours = data_descriptor(base, size);

    ck_assert_msg(yours == wanted,
                  "base %#x, size %#llx: %016llx, not %016llx (limit %#x "
                  "G=%d, wanted limit %#x G=%d)",
                  base, (unsigned long long)size, (unsigned long long)yours,
                  (unsigned long long)wanted, x86_descriptor_limit(yours),
                  (int)(yours >> 55 & 1), x86_descriptor_limit(wanted),
                  (int)(wanted >> 55 & 1));
}

START_TEST(the_chapters_window_and_flat_segment)
{
    /* 4 KiB: byte limit 0xfff, G = 0, access 0x93, flags 0x4 (B). */
    expect_descriptor(0x8000, 0x1000, 0x0040930080000fffull);
    /* 4 GiB: 0xfffff pages, G = 1. */
    expect_descriptor(0, 0x100000000ull, 0x00cf93000000ffffull);
}
END_TEST

START_TEST(up_to_1_mib_the_limit_counts_bytes)
{
    expect_descriptor(0, 3, 0x0040930000000002ull);
    /* The largest byte limit, 0xfffff: still G = 0. */
    expect_descriptor(0x12345678, 0x100000, 0x124f93345678ffffull);
}
END_TEST

START_TEST(beyond_1_mib_the_limit_counts_pages)
{
    /* 2 MiB = 0x200 pages: the last page is 0x1ff. */
    expect_descriptor(0x100000, 0x200000, 0x00c09310000001ffull);
    expect_descriptor(0, 0x101000, 0x00c0930000000100ull);
}
END_TEST

START_TEST(sizes_no_descriptor_can_describe)
{
    static const uint64_t sizes[] = {0, 0x100001, 0x180800, 0x100001000ull};

    for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
        ck_assert_msg(data_descriptor(0, sizes[i]) == 0,
                      "size %#llx cannot be described, but you return "
                      "%016llx",
                      (unsigned long long)sizes[i],
                      (unsigned long long)data_descriptor(0, sizes[i]));
}
END_TEST

/* A machine with a GDT of null, flat code, flat data and `window` at 0x18,
 * running `image` at 0x1000 in protected mode. */
static void build(struct machine *m, uint64_t window, struct guest_image image)
{
    static uint64_t entries[4];
    const struct gdt gdt = {0x800, entries, 4};
    const char *failed_step = NULL;

    entries[1] = x86_descriptor(0, 0xfffff, CODE_ACCESS, SEG_G | SEG_DB);
    entries[2] = x86_descriptor(0, 0xfffff, DATA_ACCESS, SEG_G | SEG_DB);
    entries[3] = window;
    ck_assert_msg(machine_create(m, MEMORY_SIZE, &failed_step) == 0,
                  "machine_create failed at %s", failed_step);
    ck_assert_int_eq(gdt_write(&m->vm, &gdt), 0);
    ck_assert_int_eq(guest_load_flat(&m->vm, 0x1000, &image), 0);
    ck_assert_int_eq(
        protected_mode_enter(&m->vcpu, &gdt, 0x08, 0x10, 0x1000, 0x10000), 0);
}

START_TEST(the_chapter_guest_runs_with_your_window)
{
    struct run_stats stats;
    struct console console;
    struct machine m;
    FILE *out = fopen("/dev/null", "w");
    const struct kvm_segment *fs;

    REQUIRE_KVM();
    build(&m, data_descriptor(0x8000, 0x1000),
          GUEST_IMAGE(guest_04_protected_mode));
    console_init(&console, out);
    ck_assert_int_eq(run_until_halt(&m.vcpu, &console, 5.0, &stats),
                     RUN_HALTED);
    fclose(out);
    fs = &m.vcpu.run->s.regs.sregs.fs;
    ck_assert_msg(fs->base == 0x8000 && fs->limit == 0xfff && fs->g == 0,
                  "the CPU loaded FS with base %#llx limit %#x g=%u, not "
                  "base 0x8000 limit 0xfff g=0",
                  fs->base, fs->limit, fs->g);
    machine_destroy(&m);
}
END_TEST

/* Run until the guest halts or stops with an exit the run loop does not
 * handle (the `out` to port 0x80, a triple fault), for at most 5 s. */
static void run_once(struct machine *m)
{
    struct run_stats stats;
    struct console console;

    console_init(&console, stdout);
    run_until_halt(&m->vcpu, &console, 5.0, &stats);
}

/* Run limit_guest on a segment of `size` bytes at WINDOW. */
static void check_limit(uint64_t size)
{
    struct guest_image image = {limit_guest,
                                (size_t)(limit_guest_end - limit_guest), NULL};
    uint64_t descriptor = data_descriptor(WINDOW, size);
    struct kvm_regs regs;
    struct kvm_run *run;
    struct machine m;

    ck_assert_msg(descriptor != 0, "data_descriptor(%#x, %#llx) returned 0",
                  WINDOW, (unsigned long long)size);
    build(&m, descriptor, image);
    run = m.vcpu.run;
    ck_assert_int_eq(vcpu_get_regs(&m.vcpu, &regs), 0);
    regs.rcx = size - 1;
    ck_assert_int_eq(vcpu_set_regs(&m.vcpu, &regs), 0);

    run_once(&m);
    ck_assert_msg(run->exit_reason == KVM_EXIT_IO && run->io.port == 0x80,
                  "size %#llx: the CPU refused the last byte, offset %#llx "
                  "(%s; your byte limit is %#x)",
                  (unsigned long long)size, (unsigned long long)size - 1,
                  exit_name(run->exit_reason),
                  x86_descriptor_limit(descriptor));
    ck_assert_int_eq(m.memory[WINDOW + size - 1], 1);

    run_once(&m);
    ck_assert_msg(run->exit_reason == KVM_EXIT_SHUTDOWN,
                  "size %#llx: the CPU allowed offset %#llx, one byte past "
                  "the end (%s; your byte limit is %#x)",
                  (unsigned long long)size, (unsigned long long)size,
                  exit_name(run->exit_reason),
                  x86_descriptor_limit(descriptor));
    ck_assert_int_eq(m.memory[WINDOW + size], 0);
    machine_destroy(&m);
}

START_TEST(the_cpu_allows_the_last_byte_and_no_more)
{
    REQUIRE_KVM();
    /* By identity: QEMU's software emulator does not check segment limits
     * on data accesses (its documentation says so), and the SVM host's
     * "hardware" is that emulator; Intel, AMD and KVM's own emulator do. */
    if (kvm_host_kind() == KVM_HOST_AMD_TCG)
        SKIP_TEST("the SVM host's emulated CPU (QEMU TCG) does not check "
                  "segment limits; your byte limits were checked above");
    check_limit(0x3000);   /* G = 0 */
    check_limit(0x100000); /* the largest without G */
    check_limit(0x200000); /* G = 1 */
}
END_TEST

Suite *test_suite(void)
{
    Suite *suite = suite_create("exercise 04.2");

    exercise_check(suite, "the chapter's window and flat data segment",
                   the_chapters_window_and_flat_segment);
    exercise_check(suite, "up to 1 MiB the limit counts bytes",
                   up_to_1_mib_the_limit_counts_bytes);
    exercise_check(suite, "beyond 1 MiB the limit counts 4 KiB pages",
                   beyond_1_mib_the_limit_counts_pages);
    exercise_check(suite, "sizes no descriptor can describe give 0",
                   sizes_no_descriptor_can_describe);
    exercise_check(suite, "the chapter 04 guest runs with your window",
                   the_chapter_guest_runs_with_your_window);
    exercise_check(suite, "the CPU allows the last byte and refuses the next",
                   the_cpu_allows_the_last_byte_and_no_more);
    return suite;
}
