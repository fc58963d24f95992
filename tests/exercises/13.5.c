/*
 * The test of exercise 13.5: the learner's .wast script must be one wabt
 * passes and the correct interpreter agrees with (run-wast.sh with
 * build/tools/wasm-run), and one the planted build does not agree with
 * (build/tools/wasm-run-planted). Needs wabt (make test installs it).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

extern const char exercise_wast[];

/* Run the script through run-wast.sh with `runner`; its exit status. */
static int run_wast(const char *runner, struct process *p)
{
    static char path[] = "/tmp/kvm101-13.5-XXXXXX.wast";
    char command[1024], out[64];
    const char *argv[] = {"/bin/sh", "-c", command, NULL};
    int fd = mkstemps(path, 5);
    FILE *file = fd < 0 ? NULL : fdopen(fd, "w");

    ck_assert_ptr_nonnull(file);
    fputs(exercise_wast, file);
    fclose(file);
    snprintf(out, sizeof(out), "%s.out", path);
    snprintf(command, sizeof(command),
             "sh tests/wasm/run-wast.sh %s %s/tools/%s %s", out,
             harness_build_dir(), runner, path);
    ck_assert_int_eq(process_run(p, argv, NULL, 60), 0);
    remove(path);
    strcpy(path, "/tmp/kvm101-13.5-XXXXXX.wast");
    return p->exit_code;
}

START_TEST(the_script_asserts_something)
{
    ck_assert_msg(strstr(exercise_wast, "(assert_"),
                  "exercise_wast has no assertion yet");
}
END_TEST

START_TEST(wabt_and_the_interpreter_agree_with_it)
{
    struct process p;

    ck_assert_msg(run_wast("wasm-run", &p) == 0,
                  "wabt or the correct interpreter disagrees with your "
                  "script:\n%s%s",
                  p.out, p.err);
    ck_assert_msg(!strstr(p.out, " 0 assertions agree"),
                  "no assertion ran:\n%s", p.out);
    process_free(&p);
}
END_TEST

START_TEST(the_planted_build_does_not)
{
    struct process p;

    ck_assert_msg(run_wast("wasm-run-planted", &p) != 0,
                  "the planted build agrees with every assertion: the bug "
                  "got through:\n%s",
                  p.out);
    ck_assert_msg(strstr(p.out, "differ") && !strstr(p.out, "wast2json "
                                                            "failed"),
                  "%s", p.out);
    process_free(&p);
}
END_TEST

Suite *test_suite(void)
{
    Suite *suite = suite_create("exercise 13.5");

    exercise_check(suite, "the script has an assertion",
                   the_script_asserts_something);
    exercise_check(suite, "wabt and the interpreter agree with it",
                   wabt_and_the_interpreter_agree_with_it);
    exercise_check(suite, "the planted build disagrees: the bug is caught",
                   the_planted_build_does_not);
    return suite;
}
