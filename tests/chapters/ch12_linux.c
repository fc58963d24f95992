/*
 * Chapter 12 run as a reader runs it: Debian's kernel booted to our /init,
 * a line typed on stdin and echoed. Where the host can finish a boot (the
 * SVM host, hardware), the init's line and the echo must come and the run
 * end with the guest's reset; on nested PVM, which runs guest kernel code
 * in an emulator, the chapter stops at the decompressor's first line and
 * exits 77 with the reason: decided by identity, as the chapter does.
 */
#include <signal.h>
#include <stdlib.h>

#include "chapter.h"

#define CHAPTER "12-linux"
#define BOOT_LIMIT 120 /* seconds: the SVM host needs about a minute */

/* Run the chapter with `input` on its stdin. */
static void run_with_input(struct process *p, const char *input,
                           const char *arguments)
{
    char command[1024];
    const char *argv[] = {"/bin/sh", "-c", command, NULL};

    snprintf(command, sizeof(command), "printf '%s' | %s %s", input,
             chapter_path(CHAPTER), arguments);
    ck_assert_int_eq(process_run(p, argv, NULL, BOOT_LIMIT), 0);
    ck_assert_msg(!p->timed_out, "no end within %d s:\n%.4000s", BOOT_LIMIT,
                  p->out);
}

START_TEST(boots_to_init_and_echoes_a_line)
{
    struct process p;

    REQUIRE_KVM();
    if (harness_host_is_pvm())
        SKIP_TEST("nested PVM runs guest kernel code in an emulator: a "
                  "stock kernel cannot reach userspace there");
    run_with_input(&p, "typed on stdin\\n", "");
    ck_assert_msg(p.exit_code == 0, "exit %d; stderr:\n%s\nstdout:\n%.4000s",
                  p.exit_code, p.err, p.out);
    ck_assert_msg(strstr(p.out, "guest> init: hello from userspace: Linux "),
                  "no line from /init:\n%.4000s", p.out);
    ck_assert_msg(strstr(p.out, "guest> init: you typed: typed on stdin\n"),
                  "no echo:\n%.4000s", p.out);
    ck_assert(strstr(p.out, "host: the guest reset the machine (0xfe to "
                            "port 0x64): done\n"));
    process_free(&p);
}
END_TEST

START_TEST(pvm_stops_at_the_decompressor_with_77)
{
    struct process p;

    REQUIRE_KVM();
    if (!harness_host_is_pvm())
        SKIP_TEST("only nested PVM stops a boot early");
    run_with_input(&p, "", "");
    ck_assert_msg(p.exit_code == 77, "exit %d; stderr:\n%s\nstdout:\n%.4000s",
                  p.exit_code, p.err, p.out);
    ck_assert_msg(strstr(p.out, "guest> KASLR disabled: 'nokaslr' on "
                                "cmdline.\n"),
                  "no line from the decompressor:\n%.4000s", p.out);
    ck_assert_msg(strstr(p.err, "12-linux: nested PVM runs guest kernel "
                                "code in KVM's instruction emulator"),
                  "no reason:\n%s", p.err);
    process_free(&p);
}
END_TEST

/* Ctrl-C during a boot stops the guest: one line, exit 130 (128 + SIGINT,
 * as a shell reports it). The command line leaves out earlyprintk, so that
 * on nested PVM the decompressor prints nothing and the chapter does not
 * stop at its milestone first; on every host the kernel is still early in
 * its boot half a second after entry. exec keeps the chapter's process id
 * for the signal; its stdin is /dev/null (no terminal to change). */
START_TEST(ctrl_c_stops_the_boot_with_130)
{
    char command[512];
    const char *argv[] = {"/bin/sh", "-c", command, NULL};
    const struct process_signal ctrl_c = {"host: entering the kernel", 0.5,
                                          SIGINT};
    struct process p;

    REQUIRE_KVM();
    snprintf(command, sizeof(command), "exec %s --cmdline 'console=ttyS0 "
             "quiet nokaslr' </dev/null", chapter_path(CHAPTER));
    ck_assert_int_eq(process_run_signalled(&p, argv, NULL, BOOT_LIMIT,
                                           &ctrl_c), 0);
    ck_assert_msg(p.signal_sent, "never entered the kernel: exit %d\n%s%s",
                  p.exit_code, p.out, p.err);
    ck_assert_msg(p.exit_code == 130, "exit %d (signal %d); stderr:\n%s",
                  p.exit_code, p.signal, p.err);
    ck_assert_str_eq(p.err, "12-linux: stopped by Ctrl-C\n");
    ck_assert(!strstr(p.out, "did not finish"));
    process_free(&p);
}
END_TEST

/* One boot for both (a boot is long on the SVM host). */
START_TEST(timing_and_trace_name_milestones_and_ports)
{
    struct process p;

    REQUIRE_KVM();
    run_with_input(&p, "x\\n", "--timing --trace");
    ck_assert_msg(strstr(p.out, "host: timing: first byte "),
                  "no timing line:\n%.4000s", p.out);
    ck_assert_msg(strstr(p.out, "host: ports nobody claims (read 0xff, "
                                "writes ignored):\n"),
                  "no port counts:\n%.4000s", p.out);
    if (!harness_host_is_pvm()) {
        ck_assert(strstr(p.out, ", \"hello from userspace\" "));
        ck_assert(strstr(p.out, "host:   0x0070: ")); /* the RTC's */
    }
    process_free(&p);
}
END_TEST

Suite *test_suite(void)
{
    const TTest *const tests[] = {
        boots_to_init_and_echoes_a_line, pvm_stops_at_the_decompressor_with_77,
        timing_and_trace_name_milestones_and_ports,
        ctrl_c_stops_the_boot_with_130, NULL};
    Suite *suite;

    suite = chapter_suite(CHAPTER, tests);

    return suite;
}
