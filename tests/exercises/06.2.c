/*
 * The test of exercise 06.2, which mode is the vCPU in?: checks
 * cpu_mode_of() on hand-made registers, then stops two guests as they
 * climb from real mode to 64-bit mode and compares its answer with the
 * rung they are on.
 */
#include <stdint.h>
#include <string.h>
#include <sys/ioctl.h>

#include "cpuid.h"
#include "exits.h"
#include "guest.h"
#include "harness.h"
#include "machine.h"
#include "real_mode.h"
#include "x86.h"

/* A copy of the stub's list. */
enum cpu_mode {
    MODE_REAL,
    MODE_PROTECTED_16,
    MODE_PROTECTED_32,
    MODE_COMPATIBILITY,
    MODE_64_BIT,
};

enum cpu_mode cpu_mode_of(const struct kvm_sregs *sregs);

static const char *const mode_names[] = {
    "MODE_REAL",          "MODE_PROTECTED_16", "MODE_PROTECTED_32",
    "MODE_COMPATIBILITY", "MODE_64_BIT",
};

static const char *name(enum cpu_mode mode)
{
    return (unsigned)mode < 5 ? mode_names[mode] : "(not a mode)";
}

GUEST_EMBEDDED(guest_06_boot_trampoline);

/* A boot sector, loaded at 0x7c00, that climbs from real mode to 64-bit
 * mode one step at a time, like chapter 06's, and writes the number of
 * each rung to port 0x80 while it stands on it. */
extern const uint8_t ladder[], ladder_end[];
__asm__(".pushsection .rodata\n"
        ".intel_syntax noprefix\n"
        ".balign 16\n"
        ".code16\n"
        "ladder:\n"
        "    cli\n"
        "    xor ax, ax\n"
        "    mov ds, ax\n"
        "    mov al, 1\n"
        "    out 0x80, al\n" /* 1: real mode */
        "    lgdt [0x7c00 + ladder_gdt_pointer - ladder]\n"
        "    mov eax, cr0\n"
        "    or al, 1\n"
        "    mov cr0, eax\n"
        "    mov al, 2\n"
        "    out 0x80, al\n" /* 2: PE, but CS is still 16-bit */
        "    jmp 0x08:0x7c00 + ladder_32 - ladder\n"
        ".code32\n"
        "ladder_32:\n"
        "    mov ax, 0x10\n"
        "    mov ds, ax\n"
        "    mov es, ax\n"
        "    mov al, 3\n"
        "    out 0x80, al\n"     /* 3: 32-bit protected mode */
        "    mov edi, 0x10000\n" /* PML4, PDPT, PD: the first 2 MiB */
        "    xor eax, eax\n"
        "    mov ecx, 3 * 1024\n"
        "    rep stosd\n"
        "    mov dword ptr [0x10000], 0x11003\n"
        "    mov dword ptr [0x11000], 0x12003\n"
        "    mov dword ptr [0x12000], 0x83\n"
        "    mov eax, 0x10000\n"
        "    mov cr3, eax\n"
        "    mov eax, cr4\n"
        "    or eax, 0x20\n" /* CR4.PAE */
        "    mov cr4, eax\n"
        "    mov ecx, 0xc0000080\n"
        "    rdmsr\n"
        "    or eax, 0x100\n" /* EFER.LME */
        "    wrmsr\n"
        "    mov al, 4\n"
        "    out 0x80, al\n" /* 4: LME, but no paging yet */
        "    mov eax, cr0\n"
        "    or eax, 0x80000000\n" /* CR0.PG: the CPU sets EFER.LMA */
        "    mov cr0, eax\n"
        "    mov al, 5\n"
        "    out 0x80, al\n" /* 5: long mode, CS still 32-bit */
        "    jmp 0x18:0x7c00 + ladder_64 - ladder\n"
        ".code64\n"
        "ladder_64:\n"
        "    mov al, 6\n"
        "    out 0x80, al\n" /* 6: 64-bit mode */
        "    hlt\n"
        ".balign 8\n"
        "ladder_gdt:\n"
        "    .quad 0, 0x00cf9a000000ffff, 0x00cf92000000ffff\n"
        "    .quad 0x00af9a000000ffff\n"
        "ladder_gdt_pointer:\n"
        "    .word 31\n"
        "    .long 0x7c00 + ladder_gdt - ladder\n"
        "ladder_end:\n"
        ".att_syntax prefix\n"
        ".popsection\n");

/* The reset state: real mode. */
static struct kvm_sregs reset(void)
{
    struct kvm_sregs sregs = {.cr0 = 0x60000010};

    sregs.cs.selector = 0xf000;
    sregs.cs.base = 0xffff0000;
    sregs.cs.limit = 0xffff;
    sregs.cs.type = 0xb;
    sregs.cs.s = sregs.cs.present = 1;
    return sregs;
}

/* Flat 32-bit code, as the far jump loads it from 0x08. */
static struct kvm_segment code32(void)
{
    return (struct kvm_segment){.limit = 0xffffffff,
                                .selector = 0x08,
                                .type = 0xb,
                                .present = 1,
                                .s = 1,
                                .db = 1,
                                .g = 1};
}

static void expect(const struct kvm_sregs *sregs, enum cpu_mode wanted,
                   const char *what)
{
    enum cpu_mode yours = cpu_mode_of(sregs);

    ck_assert_msg(yours == wanted, "%s: you say %s, not %s", what, name(yours),
                  name(wanted));
}

START_TEST(real_mode_is_pe_clear)
{
    struct kvm_sregs sregs = reset();

    expect(&sregs, MODE_REAL, "the reset state");
    /* A 32-bit CS hidden part left over from protected mode ("unreal
     * mode") changes nothing. */
    sregs.cs = code32();
    expect(&sregs, MODE_REAL, "PE clear, CS with D = 1");
}
END_TEST

START_TEST(protected_mode_has_16_and_32_bit_code)
{
    struct kvm_sregs sregs = reset();

    sregs.cr0 |= CR0_PE;
    expect(&sregs, MODE_PROTECTED_16, "PE set, CS still from real mode");
    sregs.cs = code32();
    expect(&sregs, MODE_PROTECTED_32, "PE set, CS with D = 1");
}
END_TEST

START_TEST(lme_asks_for_long_mode_lma_says_it_is_on)
{
    struct kvm_sregs sregs = reset();

    sregs.cr0 |= CR0_PE;
    sregs.cr4 |= CR4_PAE;
    sregs.efer |= EFER_LME;
    sregs.cs = code32();
    expect(&sregs, MODE_PROTECTED_32, "EFER.LME set, paging off");
    sregs.cr0 |= CR0_PG;
    sregs.efer |= EFER_LMA;
    expect(&sregs, MODE_COMPATIBILITY, "EFER.LMA set, CS with L = 0");
}
END_TEST

START_TEST(in_long_mode_cs_l_chooses)
{
    struct kvm_sregs sregs = reset();

    sregs.cr0 |= CR0_PE | CR0_PG;
    sregs.cr4 |= CR4_PAE;
    sregs.efer |= EFER_LME | EFER_LMA;
    sregs.cs = code32();
    sregs.cs.db = 0;
    sregs.cs.l = 1;
    expect(&sregs, MODE_64_BIT, "EFER.LMA, CS with L = 1");
    sregs.cs.l = 0;
    expect(&sregs, MODE_COMPATIBILITY, "EFER.LMA, CS with L = 0 and D = 0");
}
END_TEST

/* Run `image` from 0000:7c00 in real mode, with KVM's CPUID; at every
 * `out`, call `stop` with the port, the byte and the registers. Returns
 * the exit that ended the run (KVM_EXIT_HLT when all went well). */
static unsigned climb(struct guest_image image,
                      void (*stop)(uint16_t port, uint8_t byte,
                                   const struct kvm_sregs *sregs, void *data),
                      void *data)
{
    const char *failed_step = NULL;
    struct cpuid_result cpuid;
    struct kvm_run *run;
    struct machine m;
    unsigned reason;

    ck_assert_msg(machine_create(&m, 0x200000, &failed_step) == 0,
                  "machine_create failed at %s", failed_step);
    ck_assert_int_eq(
        cpuid_set_supported(m.kvm_fd, &m.vcpu, &cpuid, &failed_step), 0);
    ck_assert_int_eq(guest_load_flat(&m.vm, 0x7c00, &image), 0);
    ck_assert_int_eq(real_mode_enter(&m.vcpu, 0, 0x7c00, 0x7c00), 0);
    run = m.vcpu.run;
    /* After every exit KVM copies the special registers into kvm_run. */
    run->kvm_valid_regs = KVM_SYNC_X86_SREGS;
    for (int exits = 0; exits < 100; exits++) {
        ck_assert_int_eq(ioctl(m.vcpu.fd, KVM_RUN, 0), 0);
        if (run->exit_reason != KVM_EXIT_IO ||
            run->io.direction != KVM_EXIT_IO_OUT)
            break;
        for (unsigned i = 0; i < run->io.count; i++)
            stop(run->io.port,
                 ((uint8_t *)run)[run->io.data_offset + i * run->io.size],
                 &run->s.regs.sregs, data);
    }
    reason = run->exit_reason;
    machine_destroy(&m);
    return reason;
}

static const enum cpu_mode rungs[] = {
    [1] = MODE_REAL,         [2] = MODE_PROTECTED_16,  [3] = MODE_PROTECTED_32,
    [4] = MODE_PROTECTED_32, [5] = MODE_COMPATIBILITY, [6] = MODE_64_BIT,
};

static const char *const rung_names[] = {
    [1] = "before lgdt",
    [2] = "after mov cr0 set PE, before the far jump",
    [3] = "after the far jump to 32-bit code",
    [4] = "after wrmsr set EFER.LME, before CR0.PG",
    [5] = "after mov cr0 set PG, before the far jump",
    [6] = "after the far jump to 64-bit code",
};

static void on_rung(uint16_t port, uint8_t rung, const struct kvm_sregs *sregs,
                    void *data)
{
    int *seen = data;
    enum cpu_mode yours;

    ck_assert_msg(port == 0x80 && rung >= 1 && rung <= 6 && rung == *seen + 1,
                  "unexpected out 0x%x, 0x%x from the ladder guest", port,
                  rung);
    *seen = rung;
    yours = cpu_mode_of(sregs);
    ck_assert_msg(yours == rungs[rung],
                  "rung %u, %s: you say %s, not %s (cr0 0x%llx, efer 0x%llx, "
                  "cs.db %u, cs.l %u)",
                  rung, rung_names[rung], name(yours), name(rungs[rung]),
                  sregs->cr0, sregs->efer, sregs->cs.db, sregs->cs.l);
}

START_TEST(every_rung_of_the_ladder)
{
    struct guest_image image = {ladder, (size_t)(ladder_end - ladder), NULL};
    unsigned reason;
    int seen = 0;

    REQUIRE_KVM();
    reason = climb(image, on_rung, &seen);
    ck_assert_msg(seen == 6 && reason == KVM_EXIT_HLT,
                  "the ladder guest stopped at rung %d with %s", seen,
                  exit_name(reason));
}
END_TEST

/* The chapter 06 guest's lines, and the mode at the first byte of each. */
struct lines {
    char text[128];
    size_t length;
    enum cpu_mode mode[8];
    int count;
};

static void on_byte(uint16_t port, uint8_t byte, const struct kvm_sregs *sregs,
                    void *data)
{
    struct lines *lines = data;

    if (port == 0x80)
        return; /* the guest's checkpoint before its wrmsr, not text */
    ck_assert_msg(port == 0x3f8, "the guest wrote to port %#x, not COM1",
                  port);
    if (lines->length == 0 || lines->text[lines->length - 1] == '\n') {
        ck_assert_int_lt(lines->count, 8);
        lines->mode[lines->count++] = cpu_mode_of(sregs);
    }
    ck_assert_uint_lt(lines->length, sizeof(lines->text) - 1);
    lines->text[lines->length++] = byte;
}

START_TEST(the_chapter_guest_says_what_you_say)
{
    static const char *const said[] = {"real mode", "protected mode",
                                       "long mode"};
    static const enum cpu_mode wanted[] = {MODE_REAL, MODE_PROTECTED_32,
                                           MODE_64_BIT};
    struct lines lines = {0};

    REQUIRE_KVM();
    ck_assert_uint_eq(
        climb(GUEST_IMAGE(guest_06_boot_trampoline), on_byte, &lines),
        KVM_EXIT_HLT);
    ck_assert_str_eq(lines.text, "real mode\nprotected mode\nlong mode\n");
    for (int i = 0; i < 3; i++)
        ck_assert_msg(lines.mode[i] == wanted[i],
                      "the guest printed \"%s\", and you say %s, not %s",
                      said[i], name(lines.mode[i]), name(wanted[i]));
}
END_TEST

Suite *test_suite(void)
{
    Suite *suite = suite_create("exercise 06.2");

    exercise_check(suite, "real mode is CR0.PE clear, whatever CS says",
                   real_mode_is_pe_clear);
    exercise_check(suite, "protected mode runs 16- or 32-bit code",
                   protected_mode_has_16_and_32_bit_code);
    exercise_check(suite, "EFER.LME asks for long mode, EFER.LMA says it is on",
                   lme_asks_for_long_mode_lma_says_it_is_on);
    exercise_check(suite, "in long mode, CS.L chooses",
                   in_long_mode_cs_l_chooses);
    exercise_check(suite, "every rung of the ladder, as a guest climbs it",
                   every_rung_of_the_ladder);
    exercise_check(suite, "the chapter 06 guest's lines agree with you",
                   the_chapter_guest_says_what_you_say);
    return suite;
}
