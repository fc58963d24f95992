/*
 * Tests of the book checker (tests/book/): the real book agrees with the
 * code, and the checker really fails when a listing, an anchor or an
 * expected output is changed by one line.
 *
 * Each mutation test copies the parts of the repository the checker reads
 * into a temporary directory, changes one thing, and runs the checker there.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"

/* Run a shell command line; return its exit status and its output. */
static int shell(const char *command, struct process *p)
{
    const char *argv[] = {"/bin/sh", "-c", command, NULL};

    ck_assert_int_eq(process_run(p, argv, NULL, 120), 0);
    ck_assert_msg(!p->timed_out, "timed out: %s", command);
    return p->exit_code;
}

/* A scratch copy of the repository: book, code, guests and the checker,
 * with build/ linked to the real build directory. Returns its path. */
static const char *make_copy(char *dir, size_t size)
{
    char command[1024];
    struct process p;
    char cwd[512];

    ck_assert_ptr_nonnull(getcwd(cwd, sizeof(cwd)));
    snprintf(dir, size, "/tmp/kvm101-book-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(command, sizeof(command),
             "cp -r book common chapters guests %s/ && mkdir -p %s/tests && "
             "cp -r tests/book %s/tests/ && ln -s %s/%s %s/build",
             dir, dir, dir, cwd, harness_build_dir(), dir);
    ck_assert_int_eq(shell(command, &p), 0);
    process_free(&p);
    return dir;
}

static void remove_copy(const char *dir)
{
    char command[600];
    struct process p;

    snprintf(command, sizeof(command), "rm -rf %s", dir);
    shell(command, &p);
    process_free(&p);
}

/* Run the checker on a copy; return its status, keep its output in *p. */
static int check_copy(const char *dir, const char *options, struct process *p)
{
    char command[1024];

    snprintf(command, sizeof(command),
             "sh %s/tests/book/check-book.sh --root %s %s", dir, dir,
             options);
    return shell(command, p);
}

START_TEST(the_book_agrees_with_the_code)
{
    char command[600];
    struct process p;
    const char *skipped;

    /* Listings are always checked; transcripts need KVM, and check-book
     * itself skips them (or fails under KVM101_REQUIRE_KVM=1). */
    snprintf(command, sizeof(command),
             "sh tests/book/check-book.sh --build %s", harness_build_dir());
    ck_assert_msg(shell(command, &p) == 0, "check-book failed:\n%s%s", p.out,
                  p.err);
    ck_assert_ptr_nonnull(strstr(p.out, "the book agrees with the code"));
    skipped = strstr(p.out, "SKIP: ");
    if (skipped) {
        harness_skip(__func__, "the transcripts: no usable /dev/kvm");
    }
    process_free(&p);
}
END_TEST

START_TEST(a_changed_line_of_code_fails_its_listing)
{
    char dir[64];
    char command[600];
    struct process p;

    make_copy(dir, sizeof(dir));
    /* kvm_open() is shown in the book; change one line inside it. */
    snprintf(command, sizeof(command),
             "sed -i 's/int fd = open(kvm_device_path/int fd  = "
             "open(kvm_device_path/' %s/common/kvm.c",
             dir);
    ck_assert_int_eq(shell(command, &p), 0);
    process_free(&p);
    ck_assert_int_ne(check_copy(dir, "", &p), 0);
    ck_assert_ptr_nonnull(strstr(p.err, "listing common/kvm.c#open_device "
                                        "differs from the code"));
    process_free(&p);

    /* book-sync repairs it, and then the listings agree again. */
    check_copy(dir, "--sync", &p);
    process_free(&p);
    check_copy(dir, "", &p);
    ck_assert_ptr_null(strstr(p.err, "differs from the code"));
    process_free(&p);
    remove_copy(dir);
}
END_TEST

START_TEST(a_listing_of_a_missing_anchor_fails)
{
    char dir[64];
    char command[600];
    struct process p;

    make_copy(dir, sizeof(dir));
    snprintf(command, sizeof(command),
             "sed -i 's/ANCHOR: open_device/ANCHOR: open_the_device/' "
             "%s/common/kvm.c",
             dir);
    ck_assert_int_eq(shell(command, &p), 0);
    process_free(&p);
    ck_assert_int_ne(check_copy(dir, "", &p), 0);
    ck_assert_ptr_nonnull(strstr(p.err, "no such anchor"));
    ck_assert_ptr_nonnull(
        strstr(p.err, "anchor open_the_device is not shown in the book"));
    process_free(&p);
    remove_copy(dir);
}
END_TEST

START_TEST(a_changed_line_of_expected_output_fails)
{
    char dir[64];
    char command[600];
    struct process p;

    REQUIRE_KVM();
    make_copy(dir, sizeof(dir));
    /* The book says the guest greets with "Hello"; make it say "Hallo". */
    snprintf(command, sizeof(command),
             "sed -i 's/^guest> Hello from real mode!$/guest> Hallo from "
             "real mode!/' %s/book/03-real-mode.md && grep -q Hallo "
             "%s/book/03-real-mode.md",
             dir, dir);
    ck_assert_int_eq(shell(command, &p), 0);
    process_free(&p);
    ck_assert_int_ne(check_copy(dir, "--page 03-real-mode", &p), 0);
    ck_assert_ptr_nonnull(strstr(p.err, "transcript differs"));
    ck_assert_ptr_nonnull(strstr(p.err, "Hallo"));
    process_free(&p);
    remove_copy(dir);
}
END_TEST

/* match.awk directly, as on a host of kind `host`: numbers may vary only on
 * lines marked as varying, and lines marked "# on ..." count only on the
 * hosts they name. */
static int match_on(const char *host, const char *expected, const char *actual)
{
    char command[1024];
    struct process p;
    int status;

    snprintf(command, sizeof(command),
             "e=$(mktemp) a=$(mktemp); printf '%%s\\n' '%s' >$e; "
             "printf '%%s\\n' '%s' >$a; "
             "awk -v host=%s -f tests/book/match.awk $e $a; "
             "s=$?; rm -f $e $a; exit $s",
             expected, actual, host);
    status = shell(command, &p);
    process_free(&p);
    return status;
}

static int match(const char *expected, const char *actual)
{
    return match_on("pvm", expected, actual);
}

START_TEST(host_dependent_lines_match_by_pattern_only)
{
    ck_assert_int_eq(match("KVM_CAP_NR_VCPUS   2  11 smp   # varies by host",
                           "KVM_CAP_NR_VCPUS 1024  11 smp"),
                     0);
    ck_assert_int_ne(match("KVM_CAP_NR_VCPUS   2  11 smp   # varies by host",
                           "KVM_CAP_MAX_VCPUS   2  11 smp"),
                     0);
    /* An unmarked line must match exactly, number and spacing. */
    ck_assert_int_ne(match("value 2", "value 3"), 0);
    ck_assert_int_ne(match("value 2", "value  2"), 0);
    ck_assert_int_eq(match("value 2", "value 2"), 0);
    /* A missing or an extra line fails. */
    ck_assert_int_ne(match("a\nb", "a"), 0);
    ck_assert_int_ne(match("a", "a\nb"), 0);
}
END_TEST

START_TEST(lines_marked_for_hosts_count_only_there)
{
    const char *book = "reset:\n"
                       "cs type=b   # on pvm, intel\n"
                       "cs type=a   # on amd, tcg\n"
                       "done";

    ck_assert_int_eq(match_on("pvm", book, "reset:\ncs type=b\ndone"), 0);
    ck_assert_int_eq(match_on("intel", book, "reset:\ncs type=b\ndone"), 0);
    ck_assert_int_eq(match_on("tcg", book, "reset:\ncs type=a\ndone"), 0);
    /* The other host's line is not accepted in its place... */
    ck_assert_int_ne(match_on("amd", book, "reset:\ncs type=b\ndone"), 0);
    ck_assert_int_ne(match_on("pvm", book, "reset:\ncs type=a\ndone"), 0);
    /* ...nor both lines at once, nor none. */
    ck_assert_int_ne(
        match_on("pvm", book, "reset:\ncs type=b\ncs type=a\ndone"), 0);
    ck_assert_int_ne(match_on("pvm", book, "reset:\ndone"), 0);
    /* A line for one host alone is simply absent elsewhere. */
    ck_assert_int_eq(match_on("tcg", "a\nb   # on pvm\nc", "a\nc"), 0);
    ck_assert_int_ne(match_on("pvm", "a\nb   # on pvm\nc", "a\nc"), 0);
}
END_TEST

Suite *test_suite(void)
{
    Suite *suite = suite_create("tooling/book_checker");
    TCase *tc = tcase_create("book_checker");

    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, the_book_agrees_with_the_code);
    tcase_add_test(tc, a_changed_line_of_code_fails_its_listing);
    tcase_add_test(tc, a_listing_of_a_missing_anchor_fails);
    tcase_add_test(tc, a_changed_line_of_expected_output_fails);
    tcase_add_test(tc, host_dependent_lines_match_by_pattern_only);
    tcase_add_test(tc, lines_marked_for_hosts_count_only_there);
    suite_add_tcase(suite, tc);
    return suite;
}
