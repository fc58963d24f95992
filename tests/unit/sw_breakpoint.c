/*
 * Unit tests for common/sw_breakpoint.c, without KVM: int3 bytes written
 * into a plain array that stands for guest memory (guest virtual address
 * BASE is memory[0]), hidden from reads, kept under writes, and the
 * original bytes back when they go. Also the words guest_debug_describe()
 * finds for a KVM_EXIT_DEBUG.
 */
#include <errno.h>
#include <string.h>

#include "guest_debug.h"
#include "harness.h"
#include "sw_breakpoint.h"

#define BASE 0x100000
static uint8_t memory[32];
static struct sw_breakpoints table;

static void reset(void)
{
    for (size_t i = 0; i < sizeof(memory); i++)
        memory[i] = 0x10 + i; /* never 0xcc */
    memset(&table, 0, sizeof(table));
}

static int insert(uint64_t address)
{
    return sw_breakpoint_insert(&table, address, &memory[address - BASE]);
}

START_TEST(insert_writes_int3_and_remove_puts_the_byte_back)
{
    reset();
    ck_assert_int_eq(insert(BASE + 4), 0);
    ck_assert_uint_eq(memory[4], INT3);
    ck_assert_uint_eq(memory[3], 0x13); /* its neighbours untouched */
    ck_assert_uint_eq(memory[5], 0x15);
    ck_assert_int_eq(table.count, 1);
    ck_assert_uint_eq(table.at[0].saved, 0x14);
    /* Twice at one address: still one, and the saved byte is not 0xcc. */
    ck_assert_int_eq(insert(BASE + 4), 0);
    ck_assert_int_eq(table.count, 1);
    ck_assert_uint_eq(table.at[0].saved, 0x14);
    ck_assert_ptr_nonnull(sw_breakpoint_find(&table, BASE + 4));
    ck_assert_ptr_null(sw_breakpoint_find(&table, BASE + 5));
    ck_assert_int_eq(sw_breakpoint_remove(&table, BASE + 4), 0);
    ck_assert_uint_eq(memory[4], 0x14);
    ck_assert_int_eq(table.count, 0);
    errno = 0;
    ck_assert_int_eq(sw_breakpoint_remove(&table, BASE + 4), -1);
    ck_assert_int_eq(errno, ENOENT);
}
END_TEST

START_TEST(removing_one_keeps_the_others)
{
    reset();
    ck_assert_int_eq(insert(BASE + 1), 0);
    ck_assert_int_eq(insert(BASE + 2), 0);
    ck_assert_int_eq(insert(BASE + 9), 0);
    ck_assert_int_eq(sw_breakpoint_remove(&table, BASE + 1), 0);
    ck_assert_uint_eq(memory[1], 0x11);
    ck_assert_uint_eq(memory[2], INT3);
    ck_assert_uint_eq(memory[9], INT3);
    ck_assert_int_eq(sw_breakpoint_remove(&table, BASE + 9), 0);
    ck_assert_int_eq(sw_breakpoint_remove(&table, BASE + 2), 0);
    for (size_t i = 0; i < sizeof(memory); i++)
        ck_assert_uint_eq(memory[i], 0x10 + i);
}
END_TEST

START_TEST(a_full_table_says_enospc)
{
    reset();
    for (int i = 0; i < SW_BREAKPOINTS_MAX; i++)
        ck_assert_int_eq(insert(BASE + i), 0);
    errno = 0;
    ck_assert_int_eq(insert(BASE + SW_BREAKPOINTS_MAX), -1);
    ck_assert_int_eq(errno, ENOSPC);
    ck_assert_uint_eq(memory[SW_BREAKPOINTS_MAX], 0x10 + SW_BREAKPOINTS_MAX);
}
END_TEST

START_TEST(reads_show_the_original_bytes)
{
    uint8_t bytes[8];

    reset();
    insert(BASE + 4);
    insert(BASE + 7);
    insert(BASE + 20); /* outside the read */
    memcpy(bytes, &memory[2], sizeof(bytes)); /* as copy_guest reads */
    ck_assert_uint_eq(bytes[2], INT3);
    sw_breakpoint_hide(&table, BASE + 2, bytes, sizeof(bytes));
    for (size_t i = 0; i < sizeof(bytes); i++)
        ck_assert_uint_eq(bytes[i], 0x12 + i);
    /* A read that ends just before one, and one that starts after. */
    memcpy(bytes, &memory[0], 4);
    sw_breakpoint_hide(&table, BASE, bytes, 4);
    ck_assert_uint_eq(bytes[3], 0x13);
    memcpy(bytes, &memory[21], 4);
    sw_breakpoint_hide(&table, BASE + 21, bytes, 4);
    ck_assert_uint_eq(bytes[0], 0x10 + 21);
    /* Near the top of the address space: no wrap-around. */
    bytes[0] = 0x42;
    sw_breakpoint_hide(&table, UINT64_MAX - 1, bytes, 2);
    ck_assert_uint_eq(bytes[0], 0x42);
}
END_TEST

START_TEST(writes_over_a_breakpoint_keep_it)
{
    const uint8_t new_bytes[4] = {0xa0, 0xa1, 0xa2, 0xa3};

    reset();
    insert(BASE + 5);
    insert(BASE + 30);
    /* gdb writes 4 bytes at BASE + 4: the one at BASE + 5 is a breakpoint. */
    memcpy(&memory[4], new_bytes, sizeof(new_bytes));
    sw_breakpoint_written(&table, BASE + 4, &memory[4], sizeof(new_bytes));
    ck_assert_uint_eq(memory[4], 0xa0);
    ck_assert_uint_eq(memory[5], INT3); /* still stops the guest */
    ck_assert_uint_eq(memory[6], 0xa2);
    ck_assert_uint_eq(memory[30], INT3);
    ck_assert_uint_eq(sw_breakpoint_find(&table, BASE + 5)->saved, 0xa1);
    ck_assert_uint_eq(sw_breakpoint_find(&table, BASE + 30)->saved, 0x2e);
    /* Removed, it leaves what gdb wrote, not what was there before. */
    ck_assert_int_eq(sw_breakpoint_remove(&table, BASE + 5), 0);
    ck_assert_uint_eq(memory[5], 0xa1);
}
END_TEST

START_TEST(debug_exits_described)
{
    struct kvm_debug_exit_arch debug = {.exception = 3, .pc = 0x100000};
    char text[80];

    ck_assert_str_eq(guest_debug_describe(&debug, text, sizeof(text)),
                     "exception 3 (#BP, an int3)");
    debug = (struct kvm_debug_exit_arch){.exception = 1,
                                         .dr6 = DR6_SINGLE_STEP | 0xff0};
    ck_assert_str_eq(guest_debug_describe(&debug, text, sizeof(text)),
                     "exception 1 (#DB, a single step)");
    debug.dr6 = DR6_HIT(2) | 0xff0;
    ck_assert_str_eq(guest_debug_describe(&debug, text, sizeof(text)),
                     "exception 1 (#DB, breakpoint DR2)");
    debug.dr6 = 0xff0;
    ck_assert_str_eq(guest_debug_describe(&debug, text, sizeof(text)),
                     "exception 1 (#DB)");
}
END_TEST

Suite *test_suite(void)
{
    Suite *suite = suite_create("unit/sw_breakpoint");
    TCase *tc = tcase_create("sw_breakpoint");

    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, insert_writes_int3_and_remove_puts_the_byte_back);
    tcase_add_test(tc, removing_one_keeps_the_others);
    tcase_add_test(tc, a_full_table_says_enospc);
    tcase_add_test(tc, reads_show_the_original_bytes);
    tcase_add_test(tc, writes_over_a_breakpoint_keep_it);
    tcase_add_test(tc, debug_exits_described);
    suite_add_tcase(suite, tc);
    return suite;
}
