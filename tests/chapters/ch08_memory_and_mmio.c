/*
 * Chapter 08 run as a reader runs it.
 */
#include <stdlib.h>

#include "chapter.h"

#define CHAPTER "08-memory-and-mmio"

/* The start of the first line; the segment's end depends on the compiler. */
#define LOADED "host: loaded the built-in guest: 1 segment at 0x100000-0x"

#define GUEST_LINES                                                            \
    "guest> screen id: SCR1\n"                                                 \
    "guest> the screen has counted 22 accesses\n"                              \
    "guest> the ROM says: KVM 101 ROM, chapter 08\n"                           \
    "guest> after a write it says: KVM 101 ROM, chapter 08\n"                  \
    "guest> at 0x1800000, where nothing is, I read 0xffffffff\n"

#define SCREEN_DRAWING                                                         \
    "host: the screen:\n"                                                      \
    "+----------------------------------------+\n"                             \
    "|........................................|\n"                             \
    "|..Hello from MMIO!......................|\n"                             \
    "|........................................|\n"                             \
    "|..OK....................................|\n"                             \
    "|..1234..................................|\n"                             \
    "|..********..............................|\n"                             \
    "|........................................|\n"                             \
    "|........................................|\n"                             \
    "+----------------------------------------+\n"

#define SUMMARY                                                                \
    "host: MMIO exits: screen 2 reads, 20 writes; ROM writes 1; nowhere 1\n"   \
    "host: pages written in slot 2 (of 64): 0 5 6\n"

/* The chapter's name starts each of its lines on stderr. */
#define ROM_WRITE_LINE                                                         \
    ": the guest wrote 1 byte(s) to the ROM at 0x2000000: ignored\n"
#define STRAY_READ_LINE                                                        \
    ": the guest read 4 byte(s) at 0x1800000, where there is neither memory "  \
    "nor a device\n"
#define STDERR_LINES CHAPTER ROM_WRITE_LINE CHAPTER STRAY_READ_LINE

static void run_plain(struct process *p)
{
    run_chapter(p, CHAPTER, NULL, NULL, NULL);
    ck_assert_msg(p->exit_code == 0, "exit %d; stderr:\n%.3000s", p->exit_code,
                  p->err);
}

START_TEST(plain_run_prints_the_guest_then_the_host_and_exits_0)
{
    struct process p;

    REQUIRE_KVM();
    run_plain(&p);
    /* The first line's segment end depends on the compiler. */
    ck_assert_msg(strncmp(p.out, LOADED, strlen(LOADED)) == 0,
                  "first line:\n%.300s", p.out);
    ck_assert_ptr_nonnull(strstr(p.out, ", entry 0x100000\n"));
    ck_assert_str_eq(strstr(p.out, "\n") + 1, GUEST_LINES
                     "host: the guest exited after 30 exits, 6 "
                     "hypercalls (0 refused)\n"
                     "host: exit status 0\n" SCREEN_DRAWING SUMMARY);
    process_free(&p);
}
END_TEST

START_TEST(screen_is_drawn_after_the_run)
{
    struct process p;
    const char *drawing;

    REQUIRE_KVM();
    run_plain(&p);
    drawing = strstr(p.out, SCREEN_DRAWING);
    ck_assert_msg(drawing, "no screen drawing like the book's:\n%.3000s",
                  p.out);
    ck_assert_msg(drawing > strstr(p.out, "host: exit status 0\n"),
                  "the screen was drawn before the guest ended:\n%.3000s",
                  p.out);
    process_free(&p);
}
END_TEST

START_TEST(dirty_pages_are_0_5_and_6)
{
    struct process p;

    REQUIRE_KVM();
    run_plain(&p);
    ck_assert_msg(strstr(p.out, "\nhost: pages written in slot 2 (of 64): 0 5 "
                                "6\n"),
                  "stdout:\n%.3000s", p.out);
    ck_assert_int_eq(count_occurrences(p.out, "host: pages written"), 1);
    process_free(&p);
}
END_TEST

START_TEST(rom_write_and_stray_read_are_reported_on_stderr)
{
    struct process p;

    REQUIRE_KVM();
    run_plain(&p);
    /* Reported, not fatal: the exit code is still 0. */
    ck_assert_str_eq(p.err, STDERR_LINES);
    process_free(&p);
}
END_TEST

START_TEST(trace_shows_the_slots_and_each_mmio_exit)
{
    struct process p;

    REQUIRE_KVM();
    run_chapter(&p, CHAPTER, "--trace", NULL, NULL);
    ck_assert_int_eq(p.exit_code, 0);
    /* Three slots: RAM, ROM and logged RAM. */
    ck_assert_int_eq(count_occurrences(p.out, "KVM_SET_USER_MEMORY_REGION"), 3);
    /* 24 MMIO exits: 22 to the screen, the ROM write, the stray read. */
    ck_assert_int_eq(count_occurrences(p.out, ": KVM_EXIT_MMIO "), 24);
    ck_assert_msg(strstr(p.out, ": KVM_EXIT_MMIO read address 0x1000800 "
                                "length 4\n"),
                  "no 4-byte read of ID:\n%.3000s", p.out);
    ck_assert(strstr(p.out, ": KVM_EXIT_MMIO write address 0x1000810 length "
                            "8 data 0x2e\n"));
    ck_assert(strstr(p.out, ": KVM_EXIT_MMIO write address 0x2000000 length "
                            "1 data 0x58\n"));
    ck_assert(strstr(p.out, ": KVM_EXIT_MMIO read address 0x1800000 length "
                            "4\n"));
    ck_assert(strstr(p.out, "KVM_GET_DIRTY_LOG, {...}) = 0\n"));
    ck_assert_str_eq(p.err, STDERR_LINES);
    process_free(&p);
}
END_TEST

START_TEST(help_shows_the_memory_map)
{
    struct process p;

    run_chapter(&p, CHAPTER, "--help", NULL, NULL);
    ck_assert_int_eq(p.exit_code, 0);
    ck_assert_msg(strstr(p.out, "usage: " CHAPTER " [options]\n"),
                  "--help:\n%.3000s", p.out);
    ck_assert_msg(strstr(p.out, "RAM 0-16 MiB, screen at 0x1000000, ROM at "
                                "0x2000000, logged RAM at 0x3000000."),
                  "--help:\n%.3000s", p.out);
    ck_assert(strstr(p.out, "--guest FILE"));
    ck_assert_str_eq(p.err, "");
    process_free(&p);
}
END_TEST

START_TEST(guest_option_runs_the_same_guest_from_its_file)
{
    char path[512];
    struct process p;

    REQUIRE_KVM();
    snprintf(path, sizeof(path), "%s/guests/08-memory-and-mmio.elf",
             harness_build_dir());
    run_chapter(&p, CHAPTER, "--guest", path, NULL);
    ck_assert_msg(p.exit_code == 0, "exit %d; stderr:\n%.3000s", p.exit_code,
                  p.err);
    ck_assert_msg(strstr(p.out, "08-memory-and-mmio.elf: 1 segment at "
                                "0x100000-0x"),
                  "stdout:\n%.3000s", p.out);
    ck_assert(strstr(p.out, GUEST_LINES));
    ck_assert(strstr(p.out, SCREEN_DRAWING SUMMARY));
    ck_assert_str_eq(p.err, STDERR_LINES);
    process_free(&p);
}
END_TEST

Suite *test_suite(void)
{
    const TTest *const tests[] = {
        plain_run_prints_the_guest_then_the_host_and_exits_0,
        screen_is_drawn_after_the_run,
        dirty_pages_are_0_5_and_6,
        rom_write_and_stray_read_are_reported_on_stderr,
        trace_shows_the_slots_and_each_mmio_exit,
        help_shows_the_memory_map,
        guest_option_runs_the_same_guest_from_its_file,
        NULL,
    };

    return chapter_suite(CHAPTER, tests);
}
