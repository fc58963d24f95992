/*
 * Unit tests for chapter 14's pure parts: the statistics-file parser
 * (common/kvm_stats.c) on files made by hand, good and broken; the
 * percentiles (common/samples.c); which user regions are allowed
 * (common/user_mode.c). No KVM.
 */
#include <errno.h>
#include <string.h>
#include <linux/kvm.h>

#include "harness.h"
#include "kvm_stats.h"
#include "samples.h"
#include "user_mode.h"

#define NAME_SIZE 48
#define STEP (sizeof(struct kvm_stats_desc) + NAME_SIZE)

static uint8_t file[4096];
static struct kvm_stats stats;

/* Two counters, "exits" (offset 0) and "io_exits" (offset 8). */
static size_t good_file(void)
{
    struct kvm_stats_header header = {.name_size = NAME_SIZE, .num_desc = 2,
                                      .desc_offset = 64,
                                      .data_offset = 64 + 2 * STEP};
    static const char *const names[] = {"exits", "io_exits"};

    memset(file, 0, sizeof(file));
    memcpy(file, &header, sizeof(header));
    for (int i = 0; i < 2; i++) {
        struct kvm_stats_desc desc = {.size = 1, .offset = 8 * i};

        memcpy(file + 64 + i * STEP, &desc, sizeof(desc));
        strcpy((char *)file + 64 + i * STEP + sizeof(desc), names[i]);
    }
    return header.data_offset;
}

static void expect_invalid(size_t size, int err)
{
    errno = 0;
    ck_assert_int_eq(kvm_stats_parse(file, size, &stats), -1);
    ck_assert_int_eq(errno, err);
}

START_TEST(parses_names_and_offsets)
{
    size_t size = good_file();

    ck_assert_int_eq(kvm_stats_parse(file, size, &stats), 0);
    ck_assert_int_eq(stats.count, 2);
    ck_assert_int_eq(stats.data_offset, 64 + 2 * STEP);
    ck_assert_str_eq(stats.stat[1].name, "io_exits");
    ck_assert_int_eq(stats.stat[1].offset, 8);
    ck_assert_int_eq(kvm_stats_find(&stats, "io_exits"), 1);
    ck_assert_int_eq(kvm_stats_find(&stats, "exit"), -1);
    ck_assert_int_eq(errno, ENOENT);
}
END_TEST

START_TEST(refuses_broken_files)
{
    size_t size = good_file();
    struct kvm_stats_header *header = (struct kvm_stats_header *)file;

    expect_invalid(sizeof(*header) - 1, EINVAL); /* no whole header */
    expect_invalid(size - 1, EINVAL);            /* descriptors cut */
    header->desc_offset = 4000;                  /* outside the file */
    expect_invalid(size, EINVAL);
    size = good_file();
    header->name_size = 0;
    expect_invalid(size, EINVAL);
    size = good_file();
    memset(file + 64 + sizeof(struct kvm_stats_desc), 'x', NAME_SIZE);
    expect_invalid(size, EINVAL); /* a name with no NUL */
    size = good_file();
    header->num_desc = KVM_STATS_MAX + 1;
    header->name_size = 0x10;
    expect_invalid(sizeof(file), E2BIG);
}
END_TEST

START_TEST(percentiles_by_nearest_rank)
{
    double values[] = {5, 1, 4, 2, 3, 10, 9, 8, 7, 6};
    struct spread spread = samples_spread(values, 10);

    ck_assert(values[0] == 1 && values[9] == 10); /* sorted */
    ck_assert(spread.p10 == 1 && spread.median == 5 && spread.p90 == 9);
    ck_assert(samples_percentile(values, 10, 100) == 10);
    ck_assert(samples_percentile(values, 0, 50) == 0);
}
END_TEST

START_TEST(writable_code_is_refused)
{
    struct user_region region = {0x10000, 0x1000, USER_EXEC};

    ck_assert(user_region_valid(&region));
    region.rights = USER_WRITE | USER_EXEC;
    ck_assert(!user_region_valid(&region));
    region.rights = USER_WRITE | USER_SUPERVISOR;
    ck_assert(user_region_valid(&region));
    region.address = 0x10001;
    ck_assert(!user_region_valid(&region));
    region.address = 0x10000;
    region.size = 0;
    ck_assert(!user_region_valid(&region));
    region.size = 0x1000;
    region.rights = 0x80;
    ck_assert(!user_region_valid(&region));
}
END_TEST

Suite *test_suite(void)
{
    Suite *suite = suite_create("unit/exit_costs");
    TCase *tc = tcase_create("exit_costs");

    tcase_add_test(tc, parses_names_and_offsets);
    tcase_add_test(tc, refuses_broken_files);
    tcase_add_test(tc, percentiles_by_nearest_rank);
    tcase_add_test(tc, writable_code_is_refused);
    suite_add_tcase(suite, tc);
    return suite;
}
