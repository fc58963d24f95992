/*
 * Unit tests for common/gdb_packet.c: the byte pump (packets, checksums,
 * escapes, acks, Ctrl-C, overlong packets), framing and hex. No KVM.
 */
#include <errno.h>
#include <string.h>

#include "gdb_packet.h"
#include "harness.h"

static struct gdb_reader reader;

/* Feed text; return the last event that was not GDB_NOTHING. */
static enum gdb_event feed(const char *text, size_t length)
{
    enum gdb_event last = GDB_NOTHING, event;

    for (size_t i = 0; i < length; i++)
        if ((event = gdb_reader_feed(&reader, (uint8_t)text[i])) !=
            GDB_NOTHING)
            last = event;
    return last;
}

#define FEED(text) feed((text), strlen(text))

START_TEST(a_packet_with_its_checksum)
{
    gdb_reader_init(&reader);
    /* 'g' is 0x67. */
    ck_assert_int_eq(FEED("$g#67"), GDB_PACKET);
    ck_assert_str_eq(reader.body, "g");
    ck_assert_int_eq(reader.length, 1);
    ck_assert_int_eq(FEED("$m1000,4#8e"), GDB_PACKET); /* upper or lower */
    ck_assert_str_eq(reader.body, "m1000,4");
    ck_assert_int_eq(FEED("$m1000,4#8E"), GDB_PACKET);
}
END_TEST

START_TEST(a_wrong_checksum_is_bad)
{
    gdb_reader_init(&reader);
    ck_assert_int_eq(FEED("$g#66"), GDB_BAD_CHECKSUM);
    ck_assert_int_eq(FEED("$g#x7"), GDB_BAD_CHECKSUM);
    ck_assert_int_eq(FEED("$g#6x"), GDB_BAD_CHECKSUM);
    ck_assert_int_eq(FEED("$g#67"), GDB_PACKET); /* and then all is well */
}
END_TEST

START_TEST(acks_interrupts_and_noise)
{
    gdb_reader_init(&reader);
    ck_assert_int_eq(FEED("+"), GDB_ACK);
    ck_assert_int_eq(FEED("-"), GDB_NACK);
    ck_assert_int_eq(FEED("\x03"), GDB_INTERRUPT);
    ck_assert_int_eq(FEED("hello"), GDB_NOTHING);
    /* A $ inside a packet starts it over. */
    ck_assert_int_eq(FEED("$gar$g#67"), GDB_PACKET);
    ck_assert_str_eq(reader.body, "g");
}
END_TEST

START_TEST(escapes_are_undone_and_summed_as_sent)
{
    char frame[64];
    int length;

    /* '}' then '#' ^ 0x20 = 0x03: the body is "a#b". */
    gdb_reader_init(&reader);
    length = gdb_frame("a#b", 3, frame, sizeof(frame));
    ck_assert_int_eq(length, 8);
    ck_assert_int_eq(memcmp(frame, "$a}\x03" "b#", 6), 0);
    ck_assert_int_eq(feed(frame, length), GDB_PACKET);
    ck_assert_str_eq(reader.body, "a#b");
}
END_TEST

START_TEST(an_overlong_packet_is_dropped)
{
    static char frame[2 * GDB_PACKET_MAX + 16];
    static char body[GDB_PACKET_MAX + 2];
    int length;

    memset(body, 'x', GDB_PACKET_MAX + 1);
    length = gdb_frame(body, GDB_PACKET_MAX + 1, frame, sizeof(frame));
    ck_assert_int_gt(length, 0);
    gdb_reader_init(&reader);
    ck_assert_int_eq(feed(frame, length), GDB_OVERLONG);
    ck_assert_int_eq(reader.length, GDB_PACKET_MAX);
    /* Exactly the most we take is fine. */
    length = gdb_frame(body, GDB_PACKET_MAX, frame, sizeof(frame));
    ck_assert_int_eq(feed(frame, length), GDB_PACKET);
}
END_TEST

START_TEST(framing_needs_room)
{
    char frame[6];

    ck_assert_int_eq(gdb_frame("OK", 2, frame, sizeof(frame)), 6);
    ck_assert_int_eq(memcmp(frame, "$OK#9a", 6), 0);
    errno = 0;
    ck_assert_int_eq(gdb_frame("OK!", 3, frame, 6), -1);
    ck_assert_int_eq(errno, ENOSPC);
    ck_assert_int_eq(gdb_frame("", 0, frame, 6), 4); /* "$#00" */
    ck_assert_int_eq(memcmp(frame, "$#00", 4), 0);
}
END_TEST

START_TEST(hex_both_ways)
{
    const uint8_t bytes[] = {0x00, 0x7f, 0xab, 0xff};
    uint8_t back[4];
    char text[9];
    const char *at;
    uint64_t value;

    gdb_hex_encode(bytes, 4, text);
    ck_assert_str_eq(text, "007fabff");
    ck_assert_int_eq(gdb_hex_decode("007FABff", back, 4), 0);
    ck_assert_int_eq(memcmp(back, bytes, 4), 0);
    ck_assert_int_eq(gdb_hex_decode("0g", back, 1), -1);
    ck_assert_int_eq(errno, EINVAL);
    at = "1000,4";
    ck_assert_int_eq(gdb_parse_hex(&at, &value), 0);
    ck_assert_uint_eq(value, 0x1000);
    ck_assert_str_eq(at, ",4");
    at = ",4";
    ck_assert_int_eq(gdb_parse_hex(&at, &value), -1); /* no digit */
    at = "11112222333344445";
    ck_assert_int_eq(gdb_parse_hex(&at, &value), -1); /* 17 digits */
    at = "ffffffffffffffff";
    ck_assert_int_eq(gdb_parse_hex(&at, &value), 0);
    ck_assert_uint_eq(value, UINT64_MAX);
}
END_TEST

START_TEST(checksum_is_the_sum_mod_256)
{
    ck_assert_uint_eq(gdb_checksum("OK", 2), 0x9a);
    ck_assert_uint_eq(gdb_checksum("", 0), 0);
    ck_assert_uint_eq(gdb_checksum("\xff\x02", 2), 0x01);
}
END_TEST

Suite *test_suite(void)
{
    Suite *suite = suite_create("unit/gdb_packet");
    TCase *tc = tcase_create("gdb_packet");

    tcase_add_test(tc, a_packet_with_its_checksum);
    tcase_add_test(tc, a_wrong_checksum_is_bad);
    tcase_add_test(tc, acks_interrupts_and_noise);
    tcase_add_test(tc, escapes_are_undone_and_summed_as_sent);
    tcase_add_test(tc, an_overlong_packet_is_dropped);
    tcase_add_test(tc, framing_needs_room);
    tcase_add_test(tc, hex_both_ways);
    tcase_add_test(tc, checksum_is_the_sum_mod_256);
    suite_add_tcase(suite, tc);
    return suite;
}
