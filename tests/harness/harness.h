/*
 * harness.h - what every KVM 101 test program shares.
 *
 * Each test file defines test_suite(); main.c has main(), which runs it
 * with Check (fork mode: a crashing test fails alone) and exits non-zero if
 * any test failed.
 *
 * Check has no "skipped" result. A test that cannot run on this host calls
 * SKIP_TEST(reason): it prints "SKIP: <test>: <reason>" and passes;
 * tests/tools/run-tests.sh counts those lines.
 */
#ifndef KVM101_HARNESS_H
#define KVM101_HARNESS_H

#include <check.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

Suite *test_suite(void);

void harness_skip(const char *test, const char *reason);
#define SKIP_TEST(reason)                                                      \
    do {                                                                       \
        harness_skip(__func__, (reason));                                      \
        return;                                                                \
    } while (0)

/* Why KVM cannot be used here (no device, no permission), or NULL. */
const char *harness_kvm_missing(void);

/* Skip the test when there is no usable /dev/kvm, unless
 * KVM101_REQUIRE_KVM=1: then that is a failure. */
#define REQUIRE_KVM()                                                          \
    do {                                                                       \
        const char *why_ = harness_kvm_missing();                              \
        if (why_ && harness_kvm_required())                                    \
            ck_abort_msg("KVM101_REQUIRE_KVM=1 but %s", why_);                 \
        if (why_)                                                              \
            SKIP_TEST(why_);                                                   \
    } while (0)
bool harness_kvm_required(void);

/* Is this host's KVM the nested "pagetable-based VM" (kvm_pvm), whose
 * limits HOST.md lists? Decided by the module's identity, never by trying. */
bool harness_host_is_pvm(void);

/* Does this host's KVM reset the vCPU after a triple fault, so that the
 * registers after KVM_EXIT_SHUTDOWN are the reset state, not the guest's?
 * AMD's and Hygon's (SVM) do; Intel's (VMX) and nested PVM do not. Decided
 * by identity: the module and the CPU's vendor string. */
bool harness_host_resets_after_triple_fault(void);

/* In exercise tests: add `test` as a check of its own, described as `what`
 * in the verdict (tests/harness/exercise.c). */
void exercise_check(Suite *suite, const char *what, const TTest *test);

/* Running a program as a reader would. */
struct process {
    int exit_code;   /* -1 if it did not exit normally */
    int signal;      /* the signal that ended it, or 0 */
    bool timed_out;  /* killed by the harness after the time limit */
    char *out;       /* everything it wrote to stdout (NUL-terminated) */
    char *err;       /* everything it wrote to stderr */
    bool signal_sent; /* process_run_signalled() sent its signal */
};

/* Run argv[0] (a path) with extra environment entries ("NAME=value", may
 * be NULL), killing it after timeout seconds. Returns 0, or -1 if it could
 * not be started. Free with process_free().
 * On the SVM host only, a run that ended at the chapter's own time limit
 * runs once more (an interrupt the emulated SVM lost: see harness.c). */
int process_run(struct process *p, const char *const argv[],
                const char *const environment[], double timeout);
void process_free(struct process *p);

/* A signal to send while it runs, as a reader types Ctrl-C: `delay`
 * seconds after its stdout first holds `after`. */
struct process_signal {
    const char *after;
    double delay;
    int signal_number;
};
int process_run_signalled(struct process *p, const char *const argv[],
                          const char *const environment[], double timeout,
                          const struct process_signal *signal_plan);

/* Run build/<chapter> --guest FILE [options...] as process_run() does,
 * FILE being a temporary copy of the `size` bytes at `image`, with
 * KVM101_DEVICE unset, killed after `timeout` seconds. `options` ends at
 * NULL (or is NULL). Asserts that it ran. */
void run_chapter_guest_image(struct process *p, const char *chapter,
                       const void *image, size_t size,
                       const char *const options[], int timeout);

/* Where the chapter binaries are: $KVM101_BUILD or "build". The result of
 * chapter_path() is a static buffer. */
const char *harness_build_dir(void);
const char *chapter_path(const char *chapter);

/* The chapters, read from chapters/ (tests run from the repository's
 * root), in order: fills names (static strings) and returns how many. */
int harness_chapters(const char *names[], int max);

/* Count how many times `needle` occurs in `text`. */
int count_occurrences(const char *text, const char *needle);

/* The number (from 1) of the first line of the file at `path` (relative
 * to the repository's root) that contains `needle`, or -1: for messages
 * that quote a source line, so that a test need not hard-code it. */
int harness_source_line(const char *path, const char *needle);

/* The address and size of the symbol `name` in the ELF file at `file`
 * (a guest built with its symbol table, as the C guests' ELF files are):
 * asserts that there is one. For tests that stop a guest in a function
 * (chapter 15). */
void harness_elf_symbol(const void *file, const char *name,
                        uint64_t *address, uint64_t *size);

/* Open fds of this process, and its resident set size in KiB. */
int harness_open_fds(void);
long harness_rss_kib(void);

#endif
