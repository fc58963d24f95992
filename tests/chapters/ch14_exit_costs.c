/*
 * Chapter 14 run as a reader runs it. Timings differ from run to run and
 * host to host, so the tests check the table's shape and, for each row,
 * that the exits really happened: KVM's own counters (the second table,
 * read from the vCPU's statistics fd) moved as each kind of exit moves
 * them. Which counters a host keeps is decided by its identity: nested
 * PVM emulates CPL 0 code and does not count io_exits.
 */
#include <stdlib.h>
#include <unistd.h>

#include "chapter.h"

#define CHAPTER "14-exit-costs"
#define COUNT 100
#define COUNT_TEXT "100"

/* The rows, in order: name and CPL. */
static const struct {
    const char *exit;
    int cpl;
} rows[] = {
    {"cpuid", 0},     {"pio", 0},         {"mmio", 0},
    {"pit", 0},       {"hlt", 0},         {"hlt-irqchip", 0},
    {"ioeventfd", 0}, {"irqfd", 0},       {"sync-regs", 0},
    {"get-regs", 0},  {"immediate-exit", 0}, {"cpuid", 3},
    {"pio", 3},       {"mmio", 3},        {"pit", 3},
    {"ioeventfd", 3}, {"sync-regs", 3},   {"get-regs", 3},
    {"immediate-exit", 3},
};
#define ROWS (int)(sizeof(rows) / sizeof(rows[0]))

enum { EXITS, IO, MMIO, HALT, IRQ_INJ, EMULATED, COUNTERS };

/* One row of each table, parsed. */
struct parsed {
    unsigned count;
    double median, p10, p90;
    long long counter[COUNTERS]; /* -1 for "-" (not kept by this kernel) */
};

/* Call REQUIRE_KVM() first, in the test itself: a skip returns from the
 * function it is written in. */
static void run_plain(struct process *p)
{
    run_chapter(p, CHAPTER, "--count", COUNT_TEXT, NULL);
    ck_assert_msg(p->exit_code == 0, "exit %d; stderr:\n%.3000s",
                  p->exit_code, p->err);
    ck_assert_str_eq(p->err, "");
}

/* Parse both tables of `out` into parsed[ROWS]. */
static void parse_tables(const char *out, struct parsed *parsed)
{
    const char *line = out;
    char name[32], field[COUNTERS][24];
    int cpl;

    ck_assert_msg(strncmp(out, "exit            cpl    count  median us     "
                               "p10 us     p90 us\n", 62) == 0,
                  "the first table's heading:\n%.3000s", out);
    line = strchr(line, '\n') + 1;
    for (int i = 0; i < ROWS; i++, line = strchr(line, '\n') + 1) {
        ck_assert_int_eq(sscanf(line, "%31s %d %u %lf %lf %lf", name, &cpl,
                                &parsed[i].count, &parsed[i].median,
                                &parsed[i].p10, &parsed[i].p90),
                         6);
        ck_assert_msg(!strcmp(name, rows[i].exit) && cpl == rows[i].cpl,
                      "row %d is %s at CPL %d, expected %s at %d", i, name,
                      cpl, rows[i].exit, rows[i].cpl);
        ck_assert_int_eq(parsed[i].count, COUNT);
        ck_assert_msg(parsed[i].p10 <= parsed[i].median &&
                          parsed[i].median <= parsed[i].p90,
                      "row %s %d: p10 <= median <= p90 does not hold",
                      name, cpl);
    }
    line = strstr(line, "KVM's counters (KVM_GET_STATS_FD), moved during "
                        "each row:\nexit            cpl     exits        io"
                        "      mmio      halt   irq_inj  emulated\n");
    ck_assert_msg(line, "no second table:\n%.4000s", out);
    line = strchr(strchr(line, '\n') + 1, '\n') + 1;
    for (int i = 0; i < ROWS; i++, line = strchr(line, '\n') + 1) {
        ck_assert_int_eq(sscanf(line, "%31s %d %23s %23s %23s %23s %23s %23s",
                                name, &cpl, field[0], field[1], field[2],
                                field[3], field[4], field[5]),
                         8);
        ck_assert(!strcmp(name, rows[i].exit) && cpl == rows[i].cpl);
        for (int c = 0; c < COUNTERS; c++)
            parsed[i].counter[c] =
                strcmp(field[c], "-") ? strtoll(field[c], NULL, 10) : -1;
    }
    ck_assert_str_eq(line, "");
}

/* The parsed row of `exit` at `cpl`. */
static const struct parsed *row(const struct parsed *parsed, const char *exit,
                                int cpl)
{
    for (int i = 0; i < ROWS; i++)
        if (!strcmp(rows[i].exit, exit) && rows[i].cpl == cpl)
            return &parsed[i];
    ck_abort_msg("no row %s at CPL %d", exit, cpl);
    return NULL;
}

/* Counter `c` of the row moved by at least `least`. */
static void moved(const struct parsed *parsed, const char *exit, int cpl,
                  int c, long long least)
{
    static const char *const names[] = {"exits", "io_exits", "mmio_exits",
                                        "halt_exits", "irq_injections",
                                        "insn_emulation"};
    long long got = row(parsed, exit, cpl)->counter[c];

    ck_assert_msg(got >= least, "%s at CPL %d: KVM's %s moved by %lld, "
                                "expected at least %lld",
                  exit, cpl, names[c], got, least);
}

START_TEST(table_has_every_row_in_order)
{
    struct parsed parsed[ROWS];
    struct process p;

    REQUIRE_KVM();
    run_plain(&p);
    parse_tables(p.out, parsed);
    process_free(&p);
}
END_TEST

START_TEST(exits_that_reach_us_are_counted_by_kvm)
{
    static const char *const each[] = {"pio", "mmio", "sync-regs",
                                       "get-regs"};
    struct parsed parsed[ROWS];
    struct process p;

    REQUIRE_KVM();
    run_plain(&p);
    parse_tables(p.out, parsed);
    for (int cpl = 0; cpl <= 3; cpl += 3)
        for (int i = 0; i < 4; i++) {
            moved(parsed, each[i], cpl, EXITS, COUNT);
            /* nested PVM keeps no io_exits (its emulator does the I/O) */
            if (!harness_host_is_pvm() && strcmp(each[i], "mmio"))
                moved(parsed, each[i], cpl, IO, COUNT);
        }
    moved(parsed, "mmio", 0, MMIO, COUNT);
    moved(parsed, "mmio", 3, MMIO, COUNT);
    ck_assert_int_eq(row(parsed, "pio", 0)->counter[MMIO], 0);
    moved(parsed, "hlt", 0, EXITS, COUNT);
    moved(parsed, "hlt", 0, HALT, COUNT);
    process_free(&p);
}
END_TEST

START_TEST(exits_the_kernel_keeps_are_counted_by_kvm)
{
    static const char *const kept[] = {"cpuid", "pit", "ioeventfd"};
    struct parsed parsed[ROWS];
    struct process p;

    REQUIRE_KVM();
    run_plain(&p);
    parse_tables(p.out, parsed);
    for (int i = 0; i < 3; i++) {
        /* CPL 0 code on nested PVM never leaves KVM's emulator: it counts
         * the instructions it ran, not exits. */
        moved(parsed, kept[i], 0, harness_host_is_pvm() ? EMULATED : EXITS,
              COUNT);
        moved(parsed, kept[i], 3, EXITS, COUNT);
    }
    /* Interrupts: each turn halts, and KVM injects one interrupt. */
    moved(parsed, "hlt-irqchip", 0, HALT, COUNT);
    moved(parsed, "hlt-irqchip", 0, IRQ_INJ, COUNT);
    moved(parsed, "irqfd", 0, HALT, COUNT);
    moved(parsed, "irqfd", 0, IRQ_INJ, COUNT);
    process_free(&p);
}
END_TEST

START_TEST(immediate_exit_never_enters_the_guest)
{
    struct parsed parsed[ROWS];
    struct process p;

    REQUIRE_KVM();
    run_plain(&p);
    parse_tables(p.out, parsed);
    ck_assert_int_eq(row(parsed, "immediate-exit", 0)->counter[EXITS], 0);
    ck_assert_int_eq(row(parsed, "immediate-exit", 3)->counter[EXITS], 0);
    process_free(&p);
}
END_TEST

START_TEST(json_has_exactly_the_six_keys)
{
    char exit[32], line[256];
    struct process p;
    const char *at;
    int cpl;
    unsigned count;
    long long median, p10, p90;

    REQUIRE_KVM();
    run_chapter(&p, CHAPTER, "--json", "--count", COUNT_TEXT);
    ck_assert_int_eq(p.exit_code, 0);
    ck_assert_str_eq(p.err, "");
    ck_assert_msg(!strncmp(p.out, "[\n", 2), "stdout:\n%.3000s", p.out);
    at = p.out + 2;
    for (int i = 0; i < ROWS; i++) {
        int length = strchr(at, '\n') - at;

        snprintf(line, sizeof(line), "%.*s", length, at);
        ck_assert_msg(sscanf(line, "  {\"exit\": \"%31[^\"]\", \"cpl\": %d, "
                                   "\"count\": %u, \"median_ns\": %lld, "
                                   "\"p10_ns\": %lld, \"p90_ns\": %lld}",
                             exit, &cpl, &count, &median, &p10, &p90) == 6,
                      "line %d: %s", i + 2, line);
        ck_assert_str_eq(exit, rows[i].exit);
        ck_assert_int_eq(cpl, rows[i].cpl);
        ck_assert_int_eq(count, COUNT);
        ck_assert(p10 <= median && median <= p90);
        /* exactly six keys: the line ends after p90_ns's value */
        ck_assert_int_eq(count_occurrences(line, "\":"), 6);
        ck_assert(line[length - 1] == (i + 1 < ROWS ? ',' : '}'));
        at += length + 1;
    }
    ck_assert_str_eq(at, "]\n");
    process_free(&p);
}
END_TEST

START_TEST(bad_counts_exit_2)
{
    static const char *const bad[] = {"9", "1000001", "abc", "-10", "1e3",
                                      ""};
    struct process p;
    char expected[256];

    for (int i = 0; i < 6; i++) {
        run_chapter(&p, CHAPTER, "--count", bad[i], NULL);
        snprintf(expected, sizeof(expected),
                 CHAPTER ": --count takes a whole number from 10 to "
                         "1000000, not '%s' — run '" CHAPTER " --help' "
                         "for the options\n",
                 bad[i]);
        ck_assert_int_eq(p.exit_code, 2);
        ck_assert_str_eq(p.err, expected);
        ck_assert_str_eq(p.out, "");
        process_free(&p);
    }
    run_chapter(&p, CHAPTER, "--count", NULL, NULL);
    ck_assert_int_eq(p.exit_code, 2);
    ck_assert_str_eq(p.err, CHAPTER ": missing value after '--count' — run '"
                            CHAPTER " --help' for the options\n");
    process_free(&p);
}
END_TEST

START_TEST(runaway_guest_is_stopped_by_the_time_limit)
{
    char path[] = "/tmp/kvm101-spin-XXXXXX";
    const unsigned char spin[] = {0xeb, 0xfe}; /* jmp to itself */
    struct process p;
    int fd;

    REQUIRE_KVM();
    fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, spin, sizeof(spin)), sizeof(spin));
    close(fd);
    {
        const char *argv[] = {chapter_path(CHAPTER), "--guest", path,
                              "--timeout", "0.5", NULL};

        ck_assert_int_eq(process_run(&p, argv, NULL, 30), 0);
    }
    unlink(path);
    ck_assert_int_eq(p.exit_code, 1);
    ck_assert_msg(strstr(p.err, CHAPTER ": guest did not halt within 0.5 s "
                                "(stopped at rip 0x10000) — "),
                  "stderr:\n%s", p.err);
    ck_assert_str_eq(p.out, "");
    process_free(&p);
}
END_TEST

START_TEST(help_names_the_options)
{
    struct process p;

    run_chapter(&p, CHAPTER, "--help", NULL, NULL);
    ck_assert_int_eq(p.exit_code, 0);
    ck_assert(strstr(p.out, "usage: " CHAPTER " [options]\n"));
    ck_assert(strstr(p.out, "\n  --json "));
    ck_assert(strstr(p.out, "\n  --count N "));
    ck_assert(strstr(p.out, "--guest FILE"));
    ck_assert_str_eq(p.err, "");
    process_free(&p);
}
END_TEST

Suite *test_suite(void)
{
    const TTest *const tests[] = {
        table_has_every_row_in_order,
        exits_that_reach_us_are_counted_by_kvm,
        exits_the_kernel_keeps_are_counted_by_kvm,
        immediate_exit_never_enters_the_guest,
        json_has_exactly_the_six_keys,
        bad_counts_exit_2,
        runaway_guest_is_stopped_by_the_time_limit,
        help_names_the_options,
        NULL,
    };

    return chapter_suite(CHAPTER, tests);
}
