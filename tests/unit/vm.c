/*
 * Unit tests for vm_guest_to_host() in common/vm.c: turning a guest
 * physical range into a host pointer, on a hand-filled `struct vm` (no KVM).
 * The guest chooses these addresses, so every edge must be refused.
 */
#include <linux/kvm.h>
#include <stdint.h>

#include "harness.h"
#include "vm.h"

/* Two slots with a hole between them:
 *   slot 0: guest 0x00000-0x0ffff (64 KiB)
 *   hole:   guest 0x10000-0x1ffff
 *   slot 1: guest 0x20000-0x20fff (4 KiB) */
static char low[0x10000], high[0x1000];

static struct vm two_slots(void)
{
    struct vm vm = {.fd = -1, .kvm_fd = -1, .slot_count = 2};

    vm.slots[0] = (struct vm_slot){0x0, sizeof(low), low, 0};
    vm.slots[1] = (struct vm_slot){0x20000, sizeof(high), high, 0};
    return vm;
}

START_TEST(inside_a_slot)
{
    struct vm vm = two_slots();

    ck_assert_ptr_eq(vm_guest_to_host(&vm, 0x0, 1), low);
    ck_assert_ptr_eq(vm_guest_to_host(&vm, 0x1000, 16), low + 0x1000);
    ck_assert_ptr_eq(vm_guest_to_host(&vm, 0x20010, 4), high + 0x10);
    ck_assert_ptr_eq(vm_guest_to_host(&vm, 0x0, sizeof(low)), low);
}
END_TEST

START_TEST(ending_exactly_at_the_end_of_a_slot)
{
    struct vm vm = two_slots();

    ck_assert_ptr_eq(vm_guest_to_host(&vm, 0xfffc, 4), low + 0xfffc);
    ck_assert_ptr_eq(vm_guest_to_host(&vm, 0x20fff, 1), high + 0xfff);
}
END_TEST

START_TEST(one_byte_past_the_end_is_refused)
{
    struct vm vm = two_slots();

    ck_assert_ptr_null(vm_guest_to_host(&vm, 0xfffd, 4));
    ck_assert_ptr_null(vm_guest_to_host(&vm, 0x10000, 1));
    ck_assert_ptr_null(vm_guest_to_host(&vm, 0x0, sizeof(low) + 1));
    ck_assert_ptr_null(vm_guest_to_host(&vm, 0x21000, 1));
}
END_TEST

START_TEST(before_the_second_slot_is_refused)
{
    struct vm vm = two_slots();

    /* 0x1ffff - 0x20000 wraps to a huge offset: must not pass. */
    ck_assert_ptr_null(vm_guest_to_host(&vm, 0x1ffff, 1));
    ck_assert_ptr_null(vm_guest_to_host(&vm, 0x1ffff, 2));
}
END_TEST

START_TEST(a_range_spanning_the_hole_is_refused)
{
    struct vm vm = two_slots();

    /* Both ends are in memory, the middle is not. */
    ck_assert_ptr_null(vm_guest_to_host(&vm, 0xff00, 0x20010 - 0xff00));
}
END_TEST

START_TEST(wrapping_around_the_address_space_is_refused)
{
    struct vm vm = two_slots();

    ck_assert_ptr_null(vm_guest_to_host(&vm, UINT64_MAX, 2));
    ck_assert_ptr_null(vm_guest_to_host(&vm, UINT64_MAX, 1));
    ck_assert_ptr_null(vm_guest_to_host(&vm, 0x1000, UINT64_MAX));
    ck_assert_ptr_null(vm_guest_to_host(&vm, 0x20001, UINT64_MAX));
}
END_TEST

START_TEST(a_slot_at_the_top_of_the_address_space)
{
    /* A slot whose end is 2^64: guest_phys + size overflows to 0. */
    static char top[0x1000];
    struct vm vm = {.fd = -1, .slot_count = 1};

    vm.slots[0] = (struct vm_slot){UINT64_MAX - 0xfff, sizeof(top), top, 0};
    ck_assert_ptr_eq(vm_guest_to_host(&vm, UINT64_MAX, 1), top + 0xfff);
    ck_assert_ptr_null(vm_guest_to_host(&vm, UINT64_MAX, 2));
    ck_assert_ptr_null(vm_guest_to_host(&vm, 0, 1));
}
END_TEST

START_TEST(length_zero)
{
    struct vm vm = two_slots();

    ck_assert_ptr_eq(vm_guest_to_host(&vm, 0x100, 0), low + 0x100);
    /* An empty range just past a slot is still "in" it (one past the end,
     * a valid C pointer); one in the hole is not. */
    ck_assert_ptr_eq(vm_guest_to_host(&vm, 0x10000, 0), low + sizeof(low));
    ck_assert_ptr_null(vm_guest_to_host(&vm, 0x18000, 0));
}
END_TEST

START_TEST(no_slots_no_memory)
{
    struct vm vm = {.fd = -1, .slot_count = 0};

    ck_assert_ptr_null(vm_guest_to_host(&vm, 0, 0));
    ck_assert_ptr_null(vm_guest_to_host(&vm, 0, 1));
}
END_TEST

START_TEST(dirty_bitmap_sizes_round_up)
{
    /* One bit per page, in whole 64-bit words: a slot under 64 pages still
     * needs a word (rounding down gave a zero-length bitmap). */
    ck_assert_uint_eq(vm_dirty_bitmap_words(0), 0);
    ck_assert_uint_eq(vm_dirty_bitmap_words(4096), 1);
    ck_assert_uint_eq(vm_dirty_bitmap_words(16 * 4096), 1);
    ck_assert_uint_eq(vm_dirty_bitmap_words(64 * 4096), 1);
    ck_assert_uint_eq(vm_dirty_bitmap_words(65 * 4096), 2);
    ck_assert_uint_eq(vm_dirty_bitmap_words(4097), 1); /* a part page */
    ck_assert_uint_eq(vm_dirty_bitmap_words(1ull << 30), 4096);
}
END_TEST

START_TEST(host_writes_are_refused_in_a_read_only_slot)
{
    struct vm vm = two_slots();

    vm.slots[1].flags = KVM_MEM_READONLY;
    ck_assert_ptr_null(vm_guest_to_host_writable(&vm, 0x20000, 1));
    ck_assert_ptr_null(vm_guest_to_host_writable(&vm, 0x20ff0, 16));
    ck_assert_ptr_eq(vm_guest_to_host(&vm, 0x20000, 1), high); /* reads */
    ck_assert_ptr_eq(vm_guest_to_host_writable(&vm, 0x100, 1), low + 0x100);
}
END_TEST

START_TEST(host_writes_mark_the_pages_they_touch_dirty)
{
    struct vm vm = two_slots();
    uint64_t host_dirty[1] = {0};

    vm.slots[0].flags = KVM_MEM_LOG_DIRTY_PAGES;
    vm.host_dirty[0] = host_dirty;
    /* 16 bytes across the end of page 2 and the start of page 3. */
    ck_assert_ptr_eq(vm_guest_to_host_writable(&vm, 0x2ff8, 16),
                     low + 0x2ff8);
    ck_assert_uint_eq(host_dirty[0], 0xc);
    ck_assert_ptr_nonnull(vm_guest_to_host_writable(&vm, 0xf000, 0x1000));
    ck_assert_uint_eq(host_dirty[0], 0x800c);
}
END_TEST

Suite *test_suite(void)
{
    Suite *suite = suite_create("unit/vm");
    TCase *tc = tcase_create("guest_to_host");

    tcase_set_timeout(tc, 5);
    tcase_add_test(tc, inside_a_slot);
    tcase_add_test(tc, ending_exactly_at_the_end_of_a_slot);
    tcase_add_test(tc, one_byte_past_the_end_is_refused);
    tcase_add_test(tc, before_the_second_slot_is_refused);
    tcase_add_test(tc, a_range_spanning_the_hole_is_refused);
    tcase_add_test(tc, wrapping_around_the_address_space_is_refused);
    tcase_add_test(tc, a_slot_at_the_top_of_the_address_space);
    tcase_add_test(tc, length_zero);
    tcase_add_test(tc, no_slots_no_memory);
    tcase_add_test(tc, dirty_bitmap_sizes_round_up);
    tcase_add_test(tc, host_writes_are_refused_in_a_read_only_slot);
    tcase_add_test(tc, host_writes_mark_the_pages_they_touch_dirty);
    suite_add_tcase(suite, tc);
    return suite;
}
