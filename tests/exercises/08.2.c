/*
 * The test of exercise 08.2, route an MMIO exit to its device: checks
 * mmio_route() on hand-made KVM_EXIT_MMIO exits against a table of three
 * devices, two of them side by side.
 */
#include <stdlib.h>
#include <linux/kvm.h>

#include "harness.h"

struct mmio_device {
    const char *name;
    uint64_t base;
    uint64_t size;
};

int mmio_route(const struct mmio_device *devices, int count,
               const struct kvm_run *run);

/* Chapter 08's screen, a timer right after it, and a serial port apart. */
static const struct mmio_device devices[] = {
    {"screen", 0x1000000, 0x1000},
    {"timer", 0x1001000, 0x100},
    {"serial", 0x1004000, 8},
};
#define DEVICE_COUNT 3

/* Where does an access of `length` bytes at `address` go? */
static int route(uint64_t address, uint32_t length, int is_write)
{
    struct kvm_run *run = calloc(1, sizeof(*run));
    int device;

    run->exit_reason = KVM_EXIT_MMIO;
    run->mmio.phys_addr = address;
    run->mmio.len = length;
    run->mmio.is_write = is_write;
    device = mmio_route(devices, DEVICE_COUNT, run);
    free(run);
    return device;
}

static const char *name_of(int device)
{
    return device >= 0 && device < DEVICE_COUNT ? devices[device].name
           : device == -1                       ? "no device (-1)"
                                                : "a bad index";
}

#define CHECK_ROUTE(address, length, want)                                     \
    do {                                                                       \
        int got_ = route((address), (length), 0);                              \
        ck_assert_msg(got_ == (want),                                          \
                      "%u byte(s) at %#llx should go to %s, not to %s",        \
                      (unsigned)(length), (unsigned long long)(address),       \
                      name_of(want), name_of(got_));                           \
    } while (0)

START_TEST(accesses_inside_a_range)
{
    CHECK_ROUTE(0x1000000, 1, 0); /* the screen's first byte */
    CHECK_ROUTE(0x1000800, 4, 0);
    CHECK_ROUTE(0x1001010, 8, 1);
    CHECK_ROUTE(0x1004000, 1, 2);
    ck_assert_msg(route(0x1001010, 8, 1) == 1, "a write went elsewhere");
}
END_TEST

START_TEST(the_last_byte_and_the_next_one)
{
    CHECK_ROUTE(0x1000fff, 1, 0);  /* the screen's last byte */
    CHECK_ROUTE(0x1001000, 1, 1);  /* the timer's first: not the screen's */
    CHECK_ROUTE(0x1000ff8, 8, 0);  /* the screen's last 8 bytes */
    CHECK_ROUTE(0x1004008, 1, -1); /* one past the serial port */
}
END_TEST

START_TEST(an_access_that_runs_past_the_end)
{
    CHECK_ROUTE(0x1000ffc, 8, -1); /* half screen, half timer */
    CHECK_ROUTE(0x10010fe, 4, -1); /* past the timer, into nothing */
    CHECK_ROUTE(0x1004006, 4, -1);
}
END_TEST

START_TEST(addresses_where_nothing_is)
{
    CHECK_ROUTE(0, 4, -1);
    CHECK_ROUTE(0xffffff, 1, -1);  /* just below the screen */
    CHECK_ROUTE(0x1001100, 4, -1); /* the gap after the timer */
    CHECK_ROUTE(0xfffffffffffffff8ull, 8, -1);
}
END_TEST

START_TEST(other_exits_are_not_routed)
{
    struct kvm_run *run = calloc(1, sizeof(*run));

    run->exit_reason = KVM_EXIT_IO;
    run->mmio.phys_addr = 0x1000000; /* what an MMIO exit would have */
    run->mmio.len = 1;
    ck_assert_msg(mmio_route(devices, DEVICE_COUNT, run) == -1,
                  "a KVM_EXIT_IO was routed to a device");
    free(run);
}
END_TEST

Suite *test_suite(void)
{
    Suite *suite = suite_create("exercise 08.2");

    exercise_check(suite, "accesses inside a range go to its device",
                   accesses_inside_a_range);
    exercise_check(suite, "a range's last byte is its own, the next is not",
                   the_last_byte_and_the_next_one);
    exercise_check(suite, "an access that runs past a range's end",
                   an_access_that_runs_past_the_end);
    exercise_check(suite, "addresses where nothing is",
                   addresses_where_nothing_is);
    exercise_check(suite, "only KVM_EXIT_MMIO is routed",
                   other_exits_are_not_routed);
    return suite;
}
