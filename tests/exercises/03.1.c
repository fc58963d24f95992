/*
 * The test of exercise 03.1, find segment:offset in guest memory: asks
 * about a hand-made VM whose slots are two buffers of this program (64 KiB
 * at 0 and 64 KiB at 1 MiB), then runs a guest that stores through two
 * segments and looks for its bytes where real_mode_pointer() says.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>

#include "exits.h"
#include "guest.h"
#include "harness.h"
#include "machine.h"
#include "real_mode.h"

uint8_t *real_mode_pointer(const struct vm *vm, uint16_t segment,
                           uint16_t offset, size_t length);

static uint8_t low[0x10000], high[0x10000];

/* A VM that exists only for vm_guest_to_host(): no fd, two slots. */
static const struct vm two_slots = {
    .fd = -1,
    .kvm_fd = -1,
    .slot_count = 2,
    .slots = {{0, sizeof(low), low}, {0x100000, sizeof(high), high}},
};

/* Describe a host pointer as a guest address, for the messages. */
static const char *where(const uint8_t *p, char *buf, size_t size)
{
    if (!p)
        snprintf(buf, size, "NULL");
    else if (p >= low && p < low + sizeof(low))
        snprintf(buf, size, "guest address %#lx", (unsigned long)(p - low));
    else if (p >= high && p < high + sizeof(high))
        snprintf(buf, size, "guest address %#lx",
                 0x100000ul + (unsigned long)(p - high));
    else
        snprintf(buf, size, "%p, outside guest memory", (const void *)p);
    return buf;
}

static void expect(uint16_t segment, uint16_t offset, size_t length,
                   const uint8_t *expected, const char *why)
{
    const uint8_t *p = real_mode_pointer(&two_slots, segment, offset, length);
    char got[64], wanted[64];

    ck_assert_msg(p == expected,
                  "%04x:%04x, %zu byte(s): it points at %s, "
                  "expected %s (%s)",
                  segment, offset, length, where(p, got, sizeof(got)),
                  where(expected, wanted, sizeof(wanted)), why);
}

START_TEST(segment_0_offset_is_the_address)
{
    expect(0x0000, 0x0500, 2, low + 0x500, "0 * 16 + 0x500");
}
END_TEST

START_TEST(a_segment_moves_the_window_by_16_bytes)
{
    expect(0x0123, 0x4567, 1, low + 0x5797, "0x1230 + 0x4567");
    expect(0x0100, 0x0000, 1, low + 0x1000, "0x1000 + 0");
}
END_TEST

START_TEST(an_address_beyond_16_bits_is_not_wrapped)
{
    expect(0xf000, 0xfff0, 1, NULL, "0xffff0 has no memory: it is not 0xfff0");
}
END_TEST

START_TEST(ffff_0010_is_above_1_mib)
{
    expect(0xffff, 0x0010, 1, high,
           "0xffff0 + 0x10 = 0x100000: no wrap-around at 1 MiB");
    expect(0xffff, 0xffff, 1, high + 0xffef, "the highest: 0x10ffef");
}
END_TEST

START_TEST(a_range_that_runs_off_memory_is_refused)
{
    expect(0x0000, 0xfffc, 4, low + 0xfffc, "the last 4 bytes of 64 KiB");
    expect(0x0000, 0xfffe, 4, NULL, "2 of the 4 bytes are past the end");
    expect(0x2000, 0x0000, 1, NULL, "0x20000 has no memory");
}
END_TEST

/* 16-bit code at 0x1000: store a byte through DS = ffff and one through
 * DS = 0123, then halt. */
static const uint8_t store_guest[] = {
    0xb8, 0xff, 0xff,             /* mov ax, 0xffff */
    0x8e, 0xd8,                   /* mov ds, ax */
    0xc6, 0x06, 0x10, 0x00, 0x42, /* mov byte ptr [0x0010], 0x42 */
    0xb8, 0x23, 0x01,             /* mov ax, 0x0123 */
    0x8e, 0xd8,                   /* mov ds, ax */
    0xc6, 0x06, 0x67, 0x45, 0x43, /* mov byte ptr [0x4567], 0x43 */
    0xf4,                         /* hlt */
};

START_TEST(a_guests_stores_are_where_it_points)
{
    struct guest_image image = {store_guest, sizeof(store_guest), NULL};
    const char *failed_step = "";
    struct machine m;
    uint8_t *p;

    REQUIRE_KVM();
    /* 1 MiB + 64 KiB: memory up to the highest real-mode address. */
    ck_assert_msg(machine_create(&m, 0x110000, &failed_step) == 0, "%s: %s",
                  failed_step, strerror(errno));
    ck_assert_int_eq(guest_load_flat(&m.vm, 0x1000, &image), 0);
    ck_assert_int_eq(real_mode_enter(&m.vcpu, 0, 0x1000, 0xfff0), 0);
    ck_assert_int_eq(ioctl(m.vcpu.fd, KVM_RUN, 0), 0);
    ck_assert_msg(m.vcpu.run->exit_reason == KVM_EXIT_HLT,
                  "the guest stopped with %s",
                  exit_name(m.vcpu.run->exit_reason));
    p = real_mode_pointer(&m.vm, 0xffff, 0x0010, 1);
    ck_assert_msg(p && *p == 0x42,
                  "the guest stored 0x42 at ffff:0010; where it points "
                  "there is %s",
                  p ? (*p ? "another byte" : "a zero") : "nothing (NULL)");
    p = real_mode_pointer(&m.vm, 0x0123, 0x4567, 1);
    ck_assert_msg(p && *p == 0x43,
                  "the guest stored 0x43 at 0123:4567; where it points "
                  "there is %s",
                  p ? (*p ? "another byte" : "a zero") : "nothing (NULL)");
    machine_destroy(&m);
}
END_TEST

Suite *test_suite(void)
{
    Suite *suite = suite_create("exercise 03.1");

    exercise_check(suite, "0000:0500 is guest address 0x500",
                   segment_0_offset_is_the_address);
    exercise_check(suite, "a segment moves the window: 0123:4567 is 0x5797",
                   a_segment_moves_the_window_by_16_bytes);
    exercise_check(suite, "f000:fff0 is 0xffff0, not wrapped to 16 bits",
                   an_address_beyond_16_bits_is_not_wrapped);
    exercise_check(suite, "ffff:0010 is 0x100000, above 1 MiB",
                   ffff_0010_is_above_1_mib);
    exercise_check(suite, "a range that runs off guest memory is refused",
                   a_range_that_runs_off_memory_is_refused);
    exercise_check(suite, "a guest's stores are where it points",
                   a_guests_stores_are_where_it_points);
    return suite;
}
