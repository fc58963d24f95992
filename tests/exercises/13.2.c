/*
 * The test of exercise 13.2, the unsafe host call greet(): called
 * directly with records placed at the very end of a page whose next page
 * cannot be read (a read past the record is a crash, not a silent
 * success), and from inside a real sandbox.
 */
#include <stdint.h>
#include <sys/mman.h>

#include "sandbox13.h"

extern const struct sandbox_function exercise_functions[];
extern char greeting[48];

/* `size` bytes that end where an unreadable page begins. */
static uint8_t *at_the_edge(const void *bytes, size_t size)
{
    uint8_t *pages = mmap(NULL, 8192, PROT_READ | PROT_WRITE,
                          MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

    ck_assert_ptr_ne(pages, MAP_FAILED);
    ck_assert_int_eq(mprotect(pages + 4096, 4096, PROT_NONE), 0);
    memcpy(pages + 4096 - size, bytes, size);
    return pages + 4096 - size;
}

static int64_t greet(const void *record, size_t size)
{
    struct sandbox_args args = {
        .data = at_the_edge(record, size),
        .length = size,
    };

    return exercise_functions[0].call(NULL, &args);
}

START_TEST(a_good_record_is_greeted)
{
    ck_assert_int_eq(greet("\x05\x00" "alice", 7), 12);
    ck_assert_str_eq(greeting, "hello, alice");
    ck_assert_int_eq(greet("\x00\x00", 2), 7); /* an empty name */
    ck_assert_int_eq(greet("\x1f\x00" "abcdefghijklmnopqrstuvwxyz01234",
                           33),
                     38); /* 31 bytes: the longest that fits */
}
END_TEST

START_TEST(a_record_too_short_for_its_length_is_refused)
{
    ck_assert_msg(greet("\x05", 1) == SANDBOX_REFUSED,
                  "one byte: not even the name's length fits");
    ck_assert_msg(greet("\x14\x00" "alice", 7) == SANDBOX_REFUSED,
                  "a name of 20 bytes in a record of 7");
    ck_assert_msg(greet("\x06\x00" "alice", 7) == SANDBOX_REFUSED,
                  "a name of 6 bytes with 5 after the length");
    ck_assert_msg(greet("\xff\xff" "alice", 7) == SANDBOX_REFUSED,
                  "a name of 65535 bytes");
}
END_TEST

START_TEST(a_name_longer_than_the_array_is_refused)
{
    static uint8_t record[2 + 40];

    record[0] = 40;
    memset(record + 2, 'x', 40);
    ck_assert_msg(greet(record, sizeof(record)) == SANDBOX_REFUSED,
                  "a 40-byte name does not fit in name[32]");
    record[0] = 32;
    ck_assert_msg(greet(record, 34) == SANDBOX_REFUSED,
                  "a 32-byte name leaves no room for its NUL");
}
END_TEST

START_TEST(a_hostile_program_is_refused_in_a_real_sandbox)
{
    struct sandbox *sandbox;

    REQUIRE_KVM();
    sandbox = probe_sandbox(exercise_functions, 1, SANDBOX_RESET_AUTO);
    ck_assert_int_eq(pass_input(sandbox, "\x03\x00" "bob", 5), 10);
    ck_assert_int_eq(pass_input(sandbox, "\xf0\x00" "bob", 5),
                     SANDBOX_REFUSED);
    sandbox_destroy(sandbox);
}
END_TEST

Suite *test_suite(void)
{
    Suite *suite = suite_create("exercise 13.2");

    exercise_check(suite, "a well-formed record is still greeted",
                   a_good_record_is_greeted);
    exercise_check(suite, "a name running past the record is refused",
                   a_record_too_short_for_its_length_is_refused);
    exercise_check(suite, "a name longer than name[] is refused",
                   a_name_longer_than_the_array_is_refused);
    exercise_check(suite, "a real sandbox's program is refused too",
                   a_hostile_program_is_refused_in_a_real_sandbox);
    return suite;
}
