/*
 * Unit tests for chapter 09's "why did my guest die" decoding, with no KVM:
 * exit_entry_failure_reason() and exit_instruction_kind() (common/exits.c)
 * on hand-made values and byte strings, and a KVM_EXIT_FAIL_ENTRY built by
 * hand in a `struct kvm_run` (this book's host never produces one: HOST.md)
 * through exit_describe(), exit_explanation() and diagnose_run().
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "diagnose.h"
#include "exits.h"
#include "harness.h"

#define ck_assert_contains(text, part)                                         \
    ck_assert_msg((text) && strstr((text), (part)),                            \
                  "'%s' does not contain '%s'", (text) ? (text) : "(NULL)",    \
                  (part))

/* --- exit_entry_failure_reason ------------------------------------------ */

START_TEST(vmx_invalid_guest_state_with_and_without_bit_31)
{
    /* KVM passes VMX's exit reason as it is: 33 (0x21) with bit 31, "VM
     * entry failed", set. Bit 31 or not, it is the same reason. */
    ck_assert_contains(exit_entry_failure_reason(0x80000021),
                       "invalid guest state (VMX)");
    ck_assert_contains(exit_entry_failure_reason(0x80000021),
                       "segment, control register");
    ck_assert_contains(exit_entry_failure_reason(0x21),
                       "invalid guest state (VMX)");
}
END_TEST

START_TEST(vmx_msr_loading_and_machine_check)
{
    ck_assert_str_eq(exit_entry_failure_reason(0x80000022),
                     "MSR loading failed (VMX)");
    ck_assert_str_eq(exit_entry_failure_reason(34), "MSR loading failed (VMX)");
    ck_assert_str_eq(exit_entry_failure_reason(41),
                     "a machine check during entry (VMX)");
    ck_assert_str_eq(exit_entry_failure_reason(0x80000029),
                     "a machine check during entry (VMX)");
}
END_TEST

START_TEST(svm_vmexit_invalid_is_all_ones)
{
    ck_assert_contains(exit_entry_failure_reason(~0ull), "VMEXIT_INVALID");
    ck_assert_contains(exit_entry_failure_reason(~0ull), "(SVM)");
}
END_TEST

START_TEST(unknown_reasons_are_null)
{
    ck_assert_ptr_null(exit_entry_failure_reason(0));
    ck_assert_ptr_null(exit_entry_failure_reason(0x80000000));
    ck_assert_ptr_null(exit_entry_failure_reason(0x80000007));
    ck_assert_ptr_null(exit_entry_failure_reason(35));
    /* Not VMX's 33: more than bit 31 set above it. */
    ck_assert_ptr_null(exit_entry_failure_reason(0x100000021ull));
    ck_assert_ptr_null(exit_entry_failure_reason(0xffffffffull));
    ck_assert_ptr_null(exit_entry_failure_reason(~0ull - 1));
}
END_TEST

/* --- exit_instruction_kind ---------------------------------------------- */

/* The bytes at the very end of a readable page, a page with no access
 * after them: reading one byte too many is a SIGSEGV, which fails the test
 * (Check's fork mode). */
static const unsigned char *at_page_end(const void *bytes, size_t length)
{
    long page = sysconf(_SC_PAGESIZE);
    unsigned char *pages = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE,
                                MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

    ck_assert(pages != MAP_FAILED);
    ck_assert_int_eq(mprotect(pages + page, page, PROT_NONE), 0);
    memcpy(pages + page - length, bytes, length);
    return pages + page - length;
}

static const char *kind(const char *bytes, size_t length)
{
    return exit_instruction_kind(at_page_end(bytes, length), length);
}

#define KIND(literal) kind((literal), sizeof(literal) - 1)

START_TEST(ud2_hlt_and_software_interrupts)
{
    ck_assert_str_eq(KIND("\x0f\x0b"), "ud2, the undefined instruction");
    ck_assert_str_eq(KIND("\xf4"), "hlt");
    ck_assert_str_eq(KIND("\xcc"), "int3 or int n, a software interrupt");
    ck_assert_str_eq(KIND("\xcd\x80"), "int3 or int n, a software interrupt");
    /* More bytes after the instruction change nothing. */
    ck_assert_str_eq(KIND("\x0f\x0b\x90\x90"),
                     "ud2, the undefined instruction");
}
END_TEST

START_TEST(vmcall_xgetbv_and_other_0f_01)
{
    ck_assert_str_eq(KIND("\x0f\x01\xc1"), "vmcall, a hypercall to KVM itself");
    ck_assert_str_eq(KIND("\x0f\x01\xd0"), "xgetbv or xsetbv");
    ck_assert_str_eq(KIND("\x0f\x01\xd1"), "xgetbv or xsetbv");
    /* lidt [rax] is 0f 01 18. */
    ck_assert_contains(KIND("\x0f\x01\x18"), "a system instruction");
    /* 0f 01 alone: no third byte to read, and still a system one. */
    ck_assert_contains(KIND("\x0f\x01"), "a system instruction");
}
END_TEST

START_TEST(x87_msr_and_cpuid)
{
    ck_assert_str_eq(KIND("\xd9\xe8"), "x87 floating point"); /* fld1 */
    ck_assert_str_eq(KIND("\xd8\xc1"), "x87 floating point");
    ck_assert_str_eq(KIND("\xdf\xe0"), "x87 floating point");
    ck_assert_str_eq(KIND("\x0f\x30"), "wrmsr");
    ck_assert_str_eq(KIND("\x0f\x32"), "rdmsr");
    ck_assert_str_eq(KIND("\x0f\xa2"), "cpuid");
    ck_assert_str_eq(KIND("\x0f\x05"), "syscall");
}
END_TEST

START_TEST(prefixes_are_skipped)
{
    /* popcnt rax, rbx: f3 48 0f b8 c3; popcnt eax, ebx: f3 0f b8 c3. */
    ck_assert_str_eq(KIND("\xf3\x0f\xb8\xc3"), "popcnt");
    ck_assert_str_eq(KIND("\xf3\x48\x0f\xb8\xc3"), "popcnt");
    /* addpd xmm0, xmm1: 66 0f 58 c1. */
    ck_assert_str_eq(KIND("\x66\x0f\x58\xc1"), "SSE (vector registers)");
    /* lzcnt: f3 0f bd. */
    ck_assert_str_eq(KIND("\xf3\x0f\xbd\xc3"), "bsf/bsr or tzcnt/lzcnt");
    /* cmpxchg16b [rdi]: 48 0f c7 0f. */
    ck_assert_str_eq(KIND("\x48\x0f\xc7\x0f"),
                     "cmpxchg8b/16b, rdrand or rdseed");
    /* crc32 eax, ebx: f2 0f 38 f1 c3. */
    ck_assert_str_eq(KIND("\xf2\x0f\x38\xf1\xc3"),
                     "SSSE3/SSE4/AES (three-byte opcode)");
    ck_assert_str_eq(KIND("\x0f\xae\x38"), "fxsave, xsave, a fence or clflush");
}
END_TEST

START_TEST(plain_instructions_are_unknown)
{
    ck_assert_ptr_null(KIND("\x48\x89\xd8")); /* mov rax, rbx */
    ck_assert_ptr_null(KIND("\x90"));         /* nop */
    ck_assert_ptr_null(KIND("\xef"));         /* out dx, eax */
    ck_assert_ptr_null(KIND("\x0f\xff"));     /* ud0 */
}
END_TEST

START_TEST(short_input_is_never_read_past_its_end)
{
    /* Each of these ends where a longer instruction would go on; the byte
     * after the last is an unreadable page. */
    ck_assert_ptr_null(exit_instruction_kind(at_page_end("", 0), 0));
    ck_assert_ptr_null(exit_instruction_kind(NULL, 0));
    ck_assert_ptr_null(KIND("\x0f"));
    ck_assert_ptr_null(KIND("\x66"));
    ck_assert_ptr_null(KIND("\xf3\x48\x66"));
    ck_assert_ptr_null(KIND("\xf3\x0f"));
    ck_assert_str_eq(KIND("\xcc"), "int3 or int n, a software interrupt");
    ck_assert_str_eq(KIND("\xf4"), "hlt");
}
END_TEST

/* --- KVM_EXIT_FAIL_ENTRY, built by hand ---------------------------------- */

static struct kvm_run *fail_entry(unsigned long long reason)
{
    struct kvm_run *run = calloc(1, 4096);

    ck_assert_ptr_nonnull(run);
    run->exit_reason = KVM_EXIT_FAIL_ENTRY;
    run->fail_entry.hardware_entry_failure_reason = reason;
    run->fail_entry.cpu = 0;
    return run;
}

START_TEST(fail_entry_is_described_and_explained)
{
    struct kvm_run *run = fail_entry(0x80000021);
    char text[160];

    ck_assert_str_eq(exit_describe(text, sizeof(text), run),
                     "KVM_EXIT_FAIL_ENTRY hardware entry failure reason "
                     "0x80000021");
    ck_assert_str_eq(exit_explanation(run),
                     "the CPU refused to enter the guest because its state "
                     "is invalid (segments, control registers or EFER that "
                     "do not fit together)");
    run->fail_entry.hardware_entry_failure_reason = ~0ull;
    ck_assert_str_eq(exit_describe(text, sizeof(text), run),
                     "KVM_EXIT_FAIL_ENTRY hardware entry failure reason "
                     "0xffffffffffffffff");
    free(run);
}
END_TEST

/* What diagnose_run() prints on stderr for this kvm_run, with a vCPU that
 * has no fd (so there are no registers to dump). */
static char *diagnose(struct kvm_run *run, int *exit_code)
{
    struct vm vm = {.fd = -1};
    struct vcpu vcpu = {.fd = -1, .vm = &vm, .run = run};
    FILE *capture = tmpfile();
    int saved = dup(STDERR_FILENO);
    char *text = calloc(1, 4096);

    ck_assert(capture && saved >= 0 && text);
    fflush(stderr);
    ck_assert_int_ge(dup2(fileno(capture), STDERR_FILENO), 0);
    *exit_code = diagnose_run(&vcpu, RUN_UNHANDLED_EXIT, 1.0);
    fflush(stderr);
    dup2(saved, STDERR_FILENO);
    close(saved);
    rewind(capture);
    ck_assert(fread(text, 1, 4095, capture) < 4095);
    fclose(capture);
    return text;
}

START_TEST(diagnose_says_what_the_cpu_refused)
{
    struct kvm_run *run = fail_entry(0x80000021);
    char expected[512];
    int exit_code;
    char *text = diagnose(run, &exit_code);

    ck_assert_int_eq(exit_code, 1);
    snprintf(expected, sizeof(expected),
             "%s: guest stopped with KVM_EXIT_FAIL_ENTRY hardware entry "
             "failure reason 0x80000021 — the CPU refused to enter the guest "
             "because its state is invalid (segments, control registers or "
             "EFER that do not fit together)\n"
             "  the CPU says: invalid guest state (VMX): a segment, control "
             "register, RFLAGS or EFER value the CPU will not run with\n",
             program_invocation_short_name);
    ck_assert_str_eq(text, expected);
    free(text);
    free(run);
}
END_TEST

START_TEST(diagnose_of_an_unknown_fail_entry_reason_adds_nothing)
{
    struct kvm_run *run = fail_entry(0x80000007);
    int exit_code;
    char *text = diagnose(run, &exit_code);

    ck_assert_int_eq(exit_code, 1);
    ck_assert_contains(text, "KVM_EXIT_FAIL_ENTRY hardware entry failure "
                             "reason 0x80000007 — the CPU refused");
    ck_assert_msg(!strstr(text, "the CPU says"),
                  "a reason we do not know was decoded:\n%s", text);
    ck_assert_int_eq(count_occurrences(text, "\n"), 1);
    free(text);
    free(run);
}
END_TEST

Suite *test_suite(void)
{
    Suite *suite = suite_create("unit/death");
    TCase *entry = tcase_create("entry_failure_reason");
    TCase *instruction = tcase_create("instruction_kind");
    TCase *fail = tcase_create("fail_entry");

    tcase_set_timeout(entry, 5);
    tcase_add_test(entry, vmx_invalid_guest_state_with_and_without_bit_31);
    tcase_add_test(entry, vmx_msr_loading_and_machine_check);
    tcase_add_test(entry, svm_vmexit_invalid_is_all_ones);
    tcase_add_test(entry, unknown_reasons_are_null);
    suite_add_tcase(suite, entry);

    tcase_set_timeout(instruction, 5);
    tcase_add_test(instruction, ud2_hlt_and_software_interrupts);
    tcase_add_test(instruction, vmcall_xgetbv_and_other_0f_01);
    tcase_add_test(instruction, x87_msr_and_cpuid);
    tcase_add_test(instruction, prefixes_are_skipped);
    tcase_add_test(instruction, plain_instructions_are_unknown);
    tcase_add_test(instruction, short_input_is_never_read_past_its_end);
    suite_add_tcase(suite, instruction);

    tcase_set_timeout(fail, 5);
    tcase_add_test(fail, fail_entry_is_described_and_explained);
    tcase_add_test(fail, diagnose_says_what_the_cpu_refused);
    tcase_add_test(fail, diagnose_of_an_unknown_fail_entry_reason_adds_nothing);
    suite_add_tcase(suite, fail);
    return suite;
}
