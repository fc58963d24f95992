/*
 * The test of exercise 08.3, a new register for the screen: hands
 * screen_mmio() hand-made KVM_EXIT_MMIO exits, as the run loop would, for
 * a screen at chapter 08's address and for one somewhere else.
 */
#include <stdlib.h>
#include <string.h>
#include <linux/kvm.h>

#include "harness.h"
#include "screen.h"

int screen_mmio(struct screen *screen, struct kvm_run *run, const char **why);

#define GEOMETRY       0x818
#define GEOMETRY_VALUE 0x00080028u /* 40 columns, 8 rows */

/* A kvm_run as KVM leaves it for an MMIO access; data pre-filled with
 * 0xaa, what was there before. */
static struct kvm_run *mmio_exit(uint64_t address, uint32_t length,
                                 int is_write, uint64_t value)
{
    struct kvm_run *run = calloc(1, sizeof(*run));

    run->exit_reason = KVM_EXIT_MMIO;
    run->mmio.phys_addr = address;
    run->mmio.len = length;
    run->mmio.is_write = is_write;
    memset(run->mmio.data, 0xaa, sizeof(run->mmio.data));
    if (is_write)
        memcpy(run->mmio.data, &value, length);
    return run;
}

/* One guest read of `length` bytes at `offset` into the screen. */
static int read_register(struct screen *screen, uint64_t offset,
                         uint32_t length, uint64_t *value)
{
    struct kvm_run *run = mmio_exit(screen->base + offset, length, 0, 0);
    const char *why = NULL;
    int result = screen_mmio(screen, run, &why);

    *value = 0;
    memcpy(value, run->mmio.data, length);
    free(run);
    return result;
}

static void check_geometry_at(uint64_t base)
{
    struct screen screen;
    uint64_t value;

    screen_init(&screen, base);
    ck_assert_msg(read_register(&screen, GEOMETRY, 4, &value) == 0,
                  "a 4-byte read of GEOMETRY at %#llx was refused",
                  (unsigned long long)(base + GEOMETRY));
    ck_assert_msg(value == GEOMETRY_VALUE,
                  "GEOMETRY of a screen at %#llx reads %#llx, not %#x",
                  (unsigned long long)base, (unsigned long long)value,
                  GEOMETRY_VALUE);
}

START_TEST(geometry_reads_40_by_8)
{
    check_geometry_at(0x1000000); /* chapter 08's screen */
}
END_TEST

START_TEST(geometry_wherever_the_screen_is)
{
    check_geometry_at(0x40000);
    check_geometry_at(0xfe000000);
}
END_TEST

START_TEST(wrong_sizes_and_writes_are_refused)
{
    struct screen screen;
    struct kvm_run *run;
    const char *why = NULL;
    uint64_t value;

    screen_init(&screen, 0x1000000);
    ck_assert_msg(read_register(&screen, GEOMETRY, 1, &value) == -1,
                  "a 1-byte read of the 4-byte GEOMETRY was answered");
    ck_assert_msg(value == 0xff, "a refused read gave %#llx, not all ones",
                  (unsigned long long)value);
    ck_assert_msg(read_register(&screen, GEOMETRY, 8, &value) == -1,
                  "an 8-byte read of the 4-byte GEOMETRY was answered");
    run = mmio_exit(screen.base + GEOMETRY, 4, 1, 0x00100050);
    ck_assert_msg(screen_mmio(&screen, run, &why) == -1,
                  "a write to the read-only GEOMETRY was accepted");
    ck_assert_msg(why != NULL, "a refusal without a reason in *why");
    free(run);
    ck_assert_msg(read_register(&screen, GEOMETRY, 4, &value) == 0 &&
                      value == GEOMETRY_VALUE,
                  "after the refused write, a 4-byte read of GEOMETRY did "
                  "not give %#x",
                  GEOMETRY_VALUE);
}
END_TEST

START_TEST(the_old_registers_still_work)
{
    struct screen screen;
    struct kvm_run *run;
    const char *why;
    uint64_t value;

    screen_init(&screen, 0x1000000);
    run = mmio_exit(screen.base + 2, 2, 1, 'O' | 'K' << 8);
    ck_assert_int_eq(screen_mmio(&screen, run, &why), 0);
    free(run);
    ck_assert_msg(memcmp(screen.cells + 2, "OK", 2) == 0,
                  "a 2-byte write to the cells did not reach them");
    ck_assert_int_eq(read_register(&screen, SCREEN_ID, 4, &value), 0);
    ck_assert_msg(value == SCREEN_ID_VALUE, "ID reads %#llx",
                  (unsigned long long)value);
}
END_TEST

START_TEST(every_access_counts)
{
    struct screen screen;
    uint64_t value;

    screen_init(&screen, 0x1000000);
    read_register(&screen, GEOMETRY, 4, &value);
    read_register(&screen, GEOMETRY, 2, &value);
    ck_assert_int_eq(read_register(&screen, SCREEN_ACCESSES, 8, &value), 0);
    ck_assert_msg(value == 3,
                  "ACCESSES reads %llu after two GEOMETRY reads and itself, "
                  "not 3",
                  (unsigned long long)value);
}
END_TEST

Suite *test_suite(void)
{
    Suite *suite = suite_create("exercise 08.3");

    exercise_check(suite, "GEOMETRY reads 0x00080028", geometry_reads_40_by_8);
    exercise_check(suite, "GEOMETRY is at base + 0x818, wherever the base",
                   geometry_wherever_the_screen_is);
    exercise_check(suite, "wrong sizes and writes are refused",
                   wrong_sizes_and_writes_are_refused);
    exercise_check(suite, "the cells and ID still work",
                   the_old_registers_still_work);
    exercise_check(suite, "every access counts in ACCESSES",
                   every_access_counts);
    return suite;
}
