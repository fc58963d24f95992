/*
 * Chapter 13 run as a reader runs it: the demo's calls and what each
 * returned, the state kept until a reset and gone after it, the time
 * limit, a crash and the recovery, both reset ways, --guest with another
 * sandbox program and with files that are not one, bad options, and the
 * book page.
 */
#include "chapter.h"

#define CHAPTER "13-sandbox"

static void expect_line(const struct process *p, const char *line)
{
    ck_assert_msg(strstr(p->out, line), "no \"%s\" in:\n%s", line, p->out);
}

START_TEST(the_demo_tells_its_story)
{
    struct process p;

    REQUIRE_KVM();
    run_chapter(&p, CHAPTER, "--c-demo", NULL, NULL);
    ck_assert_msg(p.exit_code == 0, "exit %d:\n%s%s", p.exit_code, p.out,
                  p.err);
    ck_assert_str_eq(p.err, "");
    expect_line(&p, "host: program at 0x200000: 1 code, 1 constant and 1 "
                    "data pages");
    expect_line(&p, "guest> hello from CPL 3, call 1 since the snapshot\n"
                    "host: GREET returned 1\n");
    expect_line(&p, "host: SHOUT returned 15: \"UNTRUSTED INPUT\"\n");
    /* Kept without a reset, gone after one. */
    expect_line(&p, "host: RECALL returned 8: \"a secret\"\n"
                    "host: reset: ");
    expect_line(&p, "host: RECALL returned 0\n");
    expect_line(&p, "host: SPIN failed: time limit exceeded\n");
    expect_line(&p, "host: PATCH failed: sandbox crashed "
                    "(KVM_EXIT_SHUTDOWN)\n");
    ck_assert_int_eq(count_occurrences(p.out, "every vCPU register "
                                              "restored\n"),
                     2);
    /* The counter in .data was put back too: call 1 again at the end. */
    ck_assert_int_eq(count_occurrences(p.out, "call 1 since the snapshot"),
                     2);
    process_free(&p);
}
END_TEST

START_TEST(both_reset_ways_give_the_same_story)
{
    struct process dirty, all;

    REQUIRE_KVM();
    run_chapter(&dirty, CHAPTER, "--c-demo", "--reset-way", "dirty-log");
    run_chapter(&all, CHAPTER, "--c-demo", "--reset-way", "copy-all");
    ck_assert_int_eq(dirty.exit_code, 0);
    ck_assert_int_eq(all.exit_code, 0);
    expect_line(&dirty, "a reset puts back the pages the dirty log names");
    expect_line(&all, "a reset puts back every writable page");
    /* Every writable page: the same count each time, and more. */
    ck_assert_int_eq(count_occurrences(all.out, "host: reset: 526 pages "
                                                "copied back"),
                     3);
    ck_assert_int_eq(count_occurrences(dirty.out, "host: RECALL returned 0"),
                     1);
    ck_assert_int_eq(count_occurrences(all.out, "host: RECALL returned 0"),
                     1);
    process_free(&dirty);
    process_free(&all);
}
END_TEST

START_TEST(stats_count_exits_and_host_calls)
{
    struct process p;

    REQUIRE_KVM();
    run_chapter(&p, CHAPTER, "--c-demo", "--stats", NULL);
    ck_assert_int_eq(p.exit_code, 0);
    /* GREET: its print and its return. */
    expect_line(&p, "host: GREET returned 1 [exits 2, host calls 2, "
                    "refused 0]\n");
    process_free(&p);
}
END_TEST

START_TEST(another_sandbox_program_runs_with_guest)
{
    char path[512];
    struct process p;

    REQUIRE_KVM();
    snprintf(path, sizeof(path), "%s/guests/tests/sandbox-probe.elf",
             harness_build_dir());
    run_chapter(&p, CHAPTER, "--c-demo", "--guest", path);
    /* The probe's functions are others: the story goes differently, but
     * every call is contained and the chapter ends normally. */
    ck_assert_msg(p.exit_code == 0, "exit %d:\n%s%s", p.exit_code, p.out,
                  p.err);
    expect_line(&p, "host: GREET returned 0\n"); /* PROBE_NOTHING */
    process_free(&p);
}
END_TEST

START_TEST(files_that_are_not_sandbox_programs_are_refused)
{
    char path[512];
    struct process p;

    REQUIRE_KVM();
    run_chapter(&p, CHAPTER, "--c-demo", "--guest", "tests/wasm/plan.awk");
    ck_assert_int_eq(p.exit_code, 1);
    ck_assert_msg(strstr(p.err, "creating the sandbox: "), "%s", p.err);
    ck_assert_int_eq(count_occurrences(p.err, "\n"), 1);
    process_free(&p);
    /* Chapter 07's guest: an ELF file, but linked for chapter 07. */
    snprintf(path, sizeof(path), "%s/guests/07-hypercalls.elf",
             harness_build_dir());
    run_chapter(&p, CHAPTER, "--c-demo", "--guest", path);
    ck_assert_int_eq(p.exit_code, 1);
    ck_assert_int_eq(count_occurrences(p.err, "\n"), 1);
    process_free(&p);
    run_chapter(&p, CHAPTER, "--c-demo", "--guest", "/nonexistent");
    ck_assert_int_eq(p.exit_code, 1);
    process_free(&p);
}
END_TEST

START_TEST(bad_options_exit_2)
{
    struct process p;

    run_chapter(&p, CHAPTER, "--c-demo", "--reset-way", "sometimes");
    ck_assert_int_eq(p.exit_code, 2);
    ck_assert_msg(strstr(p.err, "use auto, dirty-log or copy-all"), "%s",
                  p.err);
    process_free(&p);
    run_chapter(&p, CHAPTER, "--c-demo", "--timeout", "0");
    ck_assert_int_eq(p.exit_code, 2);
    process_free(&p);
}
END_TEST

START_TEST(help_names_the_options)
{
    struct process p;

    run_chapter(&p, CHAPTER, "--c-demo", "--help", NULL);
    ck_assert_int_eq(p.exit_code, 0);
    ck_assert(strstr(p.out, "--reset-way"));
    ck_assert(strstr(p.out, "--stats"));
    ck_assert(strstr(p.out, "--timeout"));
    process_free(&p);
}
END_TEST

/* ---- part 2: WebAssembly ---- */

#define DEMO_MODULE "guests/wasm/modules/demo.wasm"

START_TEST(the_wasm_demo_runs_with_no_arguments)
{
    struct process p;

    REQUIRE_KVM();
    run_chapter(&p, CHAPTER, NULL, NULL, NULL);
    ck_assert_msg(p.exit_code == 0, "exit %d:\n%s%s", p.exit_code, p.out,
                  p.err);
    ck_assert_str_eq(p.err, "");
    expect_line(&p, "\nadd: i32:5\nfib: i32:6765\nhash: i64:");
    expect_line(&p, "guest> Hello from WebAssembly, inside KVM 101's "
                    "interpreter!\nhello: (none)\n");
    process_free(&p);
}
END_TEST

/* Run the chapter on the demo module with `args` (a shell word list). */
static void run_demo_module(struct process *p, const char *args)
{
    char command[512];
    const char *argv[] = {"/bin/sh", "-c", command, NULL};

    snprintf(command, sizeof(command), "%s %s", chapter_path(CHAPTER), args);
    ck_assert_int_eq(process_run(p, argv, NULL, 30), 0);
    ck_assert(!p->timed_out);
}

START_TEST(each_invoke_gives_one_result_line)
{
    struct process p;

    REQUIRE_KVM();
    run_demo_module(&p, DEMO_MODULE " --invoke add i32:-7 i32:0x10 "
                                    "--invoke fib i32:10 --invoke hello");
    ck_assert_int_eq(p.exit_code, 0);
    ck_assert_str_eq(p.out, "add: i32:9\nfib: i32:55\n"
                            "guest> Hello from WebAssembly, inside KVM "
                            "101's interpreter!\nhello: (none)\n");
    process_free(&p);
}
END_TEST

START_TEST(the_sandbox_traps_restore_the_snapshot)
{
    struct process p;

    REQUIRE_KVM();
    run_demo_module(&p, "--timeout 0.1 " DEMO_MODULE " --invoke fib i32:45 "
                        "--invoke add i32:1 i32:2");
    ck_assert_int_eq(p.exit_code, 0);
    ck_assert_str_eq(p.out, "fib: trap: time limit exceeded\n"
                            "host: sandbox restored from its snapshot\n"
                            "add: i32:3\n");
    process_free(&p);
    run_demo_module(&p, "--fuel 1000 " DEMO_MODULE " --invoke fib i32:30 "
                        "--invoke fib i32:10");
    ck_assert_int_eq(p.exit_code, 0);
    ck_assert_str_eq(p.out, "fib: trap: out of fuel\nfib: i32:55\n");
    process_free(&p);
}
END_TEST

START_TEST(errors_and_usage_have_their_exit_codes)
{
    struct process p;

    REQUIRE_KVM();
    run_demo_module(&p, DEMO_MODULE " --invoke nope --invoke add i32:1");
    ck_assert_int_eq(p.exit_code, 1);
    ck_assert_str_eq(p.out, "nope: error: no such function export\n"
                            "add: error: it takes 2 arguments, 1 given\n");
    process_free(&p);
    run_demo_module(&p, "tests/wasm/plan.awk --invoke add");
    ck_assert_int_eq(p.exit_code, 1);
    ck_assert_msg(strstr(p.err, "module refused: "), "%s", p.err);
    ck_assert_int_eq(count_occurrences(p.err, "\n"), 1);
    process_free(&p);
    run_demo_module(&p, "--fuel x " DEMO_MODULE);
    ck_assert_int_eq(p.exit_code, 2);
    process_free(&p);
    run_demo_module(&p, "--invoke add");
    ck_assert_int_eq(p.exit_code, 2);
    process_free(&p);
}
END_TEST

START_TEST(no_kvm_is_exit_77)
{
    struct process p;
    const char *argv[] = {chapter_path(CHAPTER), NULL};
    const char *env[] = {"KVM101_DEVICE=/nonexistent", NULL};

    ck_assert_int_eq(process_run(&p, argv, env, 30), 0);
    ck_assert_int_eq(p.exit_code, 77);
    process_free(&p);
}
END_TEST

Suite *test_suite(void)
{
    const TTest *const tests[] = {
        the_demo_tells_its_story,
        both_reset_ways_give_the_same_story,
        stats_count_exits_and_host_calls,
        another_sandbox_program_runs_with_guest,
        files_that_are_not_sandbox_programs_are_refused,
        bad_options_exit_2,
        help_names_the_options,
        the_wasm_demo_runs_with_no_arguments,
        each_invoke_gives_one_result_line,
        the_sandbox_traps_restore_the_snapshot,
        errors_and_usage_have_their_exit_codes,
        no_kvm_is_exit_77,
        NULL,
    };

    return chapter_suite(CHAPTER, tests);
}
