/*
 * The test of exercise 07.2, a buffer check that cannot be fooled: asks
 * range_inside() about ordinary buffers, empty ones, and the buffers a
 * hostile guest would pass, whose sums wrap around 2^64.
 */
#include <stdbool.h>
#include <stdint.h>

#include "harness.h"

bool range_inside(uint64_t address, uint64_t length, uint64_t start,
                  uint64_t size);

#define MIB 0x100000ull

static void expect(uint64_t address, uint64_t length, uint64_t start,
                   uint64_t size, bool inside, const char *why)
{
    bool got = range_inside(address, length, start, size);

    ck_assert_msg(got == inside,
                  "address %#llx, length %#llx in the region %#llx + %#llx: "
                  "it says %s, but it is %s (%s)",
                  (unsigned long long)address, (unsigned long long)length,
                  (unsigned long long)start, (unsigned long long)size,
                  got ? "inside" : "outside", inside ? "inside" : "outside",
                  why);
}

START_TEST(ordinary_buffers)
{
    expect(MIB, 16, MIB, 64 * 1024, true, "the first 16 bytes");
    expect(MIB + 0xfff0, 16, MIB, 0x10000, true, "the last 16 bytes");
    expect(MIB, 0x10000, MIB, 0x10000, true, "the whole region");
    expect(MIB + 0xfff1, 16, MIB, 0x10000, false, "one byte past the end");
    expect(MIB, 0x10001, MIB, 0x10000, false, "one byte longer");
    expect(MIB - 16, 16, MIB, 0x10000, false, "just below the region");
    expect(MIB - 1, 2, MIB, 0x10000, false, "starts one byte below");
}
END_TEST

START_TEST(empty_buffers)
{
    expect(MIB, 0, MIB, 0x1000, true, "at the start");
    expect(MIB + 0x1000, 0, MIB, 0x1000, true, "at the end, included");
    expect(MIB + 0x1001, 0, MIB, 0x1000, false, "past the end");
    expect(MIB - 1, 0, MIB, 0x1000, false, "below the start");
}
END_TEST

START_TEST(lengths_that_wrap_around)
{
    /* 0x1800 + (2^64 - 0x800) is 0x1000 in 64 bits. */
    expect(0x1800, UINT64_MAX - 0x7ff, 0x1000, 0x1000, false,
           "address + length wraps to 0x1000");
    expect(UINT64_MAX - 15, 32, 0, 16 * MIB, false,
           "address + length wraps to 16");
    expect(0x1000, UINT64_MAX, 0x1000, 0x1000, false, "length 2^64 - 1");
    expect(UINT64_MAX, 1, 0, 16 * MIB, false, "the last byte of 2^64");
}
END_TEST

START_TEST(a_region_that_ends_at_2_64)
{
    uint64_t top = 0ull - 0x1000; /* the last 4 KiB: start + size = 2^64 */

    expect(top, 16, top, 0x1000, true, "its first 16 bytes");
    expect(top + 0xff0, 16, top, 0x1000, true,
           "its last 16 bytes, ending at 2^64");
    expect(UINT64_MAX, 1, top, 0x1000, true, "the very last byte");
    expect(top - 1, 2, top, 0x1000, false, "starts one byte below it");
    expect(top + 0xff0, 17, top, 0x1000, false, "one byte past 2^64");
}
END_TEST

Suite *test_suite(void)
{
    Suite *suite = suite_create("exercise 07.2");

    exercise_check(suite, "ordinary buffers in and out of the region",
                   ordinary_buffers);
    exercise_check(suite, "empty buffers: in at the start and the end",
                   empty_buffers);
    exercise_check(suite, "lengths whose sum wraps around 2^64 are refused",
                   lengths_that_wrap_around);
    exercise_check(suite, "a region that ends at 2^64 still holds buffers",
                   a_region_that_ends_at_2_64);
    return suite;
}
