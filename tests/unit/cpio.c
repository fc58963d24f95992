/*
 * Unit tests for chapter 12's small pure parts: common/cpio.c (the newc
 * writer), common/port_sink.c (ports nobody claims) and common/mptable.c
 * (the MultiProcessor tables). No KVM.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cpio.h"
#include "harness.h"
#include "mptable.h"
#include "port_sink.h"

START_TEST(one_file_archive_is_newc)
{
    char *data = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&data, &size);
    struct cpio cpio;

    cpio_init(&cpio, out);
    ck_assert_int_eq(cpio_add(&cpio, "init", S_IFREG | 0755, "hello", 5), 0);
    ck_assert_int_eq(cpio_finish(&cpio), 0);
    fclose(out);
    /* header 110 bytes + "init\0" = 115, padded to 116; data 5 -> 124 */
    ck_assert_mem_eq(data, "070701", 6);
    ck_assert_mem_eq(data + 14, "000081ED", 8);  /* mode */
    ck_assert_mem_eq(data + 54, "00000005", 8);  /* filesize */
    ck_assert_mem_eq(data + 94, "00000005", 8);  /* namesize with NUL */
    ck_assert_mem_eq(data + 110, "init\0", 5);
    ck_assert_mem_eq(data + 116, "hello", 5);
    ck_assert_mem_eq(data + 124, "070701", 6);   /* the trailer */
    ck_assert_mem_eq(data + 124 + 110, "TRAILER!!!", 11);
    ck_assert_uint_eq(size % 4, 0);
    free(data);
}
END_TEST

/* cpio_one_file() writes exactly what the steps above write, and refuses
 * a file the 8-digit size field cannot hold, leaving nothing to free. */
START_TEST(one_file_in_memory_matches_the_steps)
{
    char *steps = NULL, *archive = (char *)"untouched";
    size_t steps_size = 0, size = 0;
    FILE *out = open_memstream(&steps, &steps_size);
    struct cpio cpio;

    cpio_init(&cpio, out);
    cpio_add(&cpio, "init", S_IFREG | 0755, "hello", 5);
    cpio_finish(&cpio);
    fclose(out);
    ck_assert_int_eq(cpio_one_file("init", S_IFREG | 0755, "hello", 5,
                                   &archive, &size), 0);
    ck_assert_uint_eq(size, steps_size);
    ck_assert_mem_eq(archive, steps, size);
    free(archive);
    free(steps);
    ck_assert_int_eq(cpio_one_file("big", S_IFREG, "", 0x100000000ull,
                                   &archive, &size), -1);
    ck_assert_int_eq(errno, EINVAL);
    ck_assert_ptr_null(archive);
}
END_TEST

START_TEST(port_sink_reads_ff_and_counts)
{
    union {
        struct kvm_run run;
        uint8_t bytes[8192];
    } page;
    struct port_sink sink = {0};

    memset(&page, 0, sizeof(page));
    page.run.exit_reason = KVM_EXIT_IO;
    page.run.io.direction = KVM_EXIT_IO_IN;
    page.run.io.port = 0xcfc;
    page.run.io.size = 4;
    page.run.io.count = 1;
    page.run.io.data_offset = 4096;
    port_sink_access(&sink, &page.run);
    ck_assert_uint_eq(page.bytes[4096], 0xff);
    ck_assert_uint_eq(page.bytes[4099], 0xff);
    ck_assert_uint_eq(page.bytes[4100], 0);
    page.run.io.direction = KVM_EXIT_IO_OUT;
    page.run.io.port = 0x80;
    page.run.io.size = 1;
    page.run.io.count = 3;
    page.bytes[4096] = 0x12;
    port_sink_access(&sink, &page.run);
    port_sink_access(&sink, &page.run);
    ck_assert_uint_eq(page.bytes[4096], 0x12); /* a write stays */
    port_sink_sort(&sink);
    ck_assert_int_eq(sink.count, 2);
    ck_assert_uint_eq(sink.ports[0].port, 0x80);
    ck_assert_uint_eq(sink.ports[0].writes, 6);
    ck_assert_uint_eq(sink.ports[1].port, 0xcfc);
    ck_assert_uint_eq(sink.ports[1].reads, 1);
}
END_TEST

START_TEST(port_sink_prints_busiest_first_and_the_rest_together)
{
    struct port_sink sink = {
        .ports = {{0x70, 1, 1}, {0x80, 0, 5}},
        .count = 2,
        .other_reads = 7,
    };
    char *text = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&text, &size);

    ck_assert_ptr_nonnull(out);
    port_sink_print(&sink, out, "> ");
    fclose(out);
    ck_assert_str_eq(text, "> 0x0080: 0 reads, 5 writes\n"
                           "> 0x0070: 1 reads, 1 writes\n"
                           "> others: 7 reads, 0 writes\n");
    free(text);
}
END_TEST

static uint8_t sum(const uint8_t *bytes, size_t size)
{
    uint8_t total = 0;

    while (size--)
        total += *bytes++;
    return total;
}

START_TEST(mp_tables_linux_accepts)
{
    static uint8_t memory[0x100000];
    const uint8_t *floating = memory + MPTABLE_ADDRESS, *table, *entry;
    int size = mptable_write(memory, sizeof(memory), MPTABLE_ADDRESS);
    unsigned length, count, io_interrupts = 0;

    ck_assert_int_gt(size, 16 + 44);
    ck_assert_mem_eq(floating, "_MP_", 4);
    ck_assert_uint_eq(sum(floating, 16), 0);
    ck_assert_uint_eq(floating[9], 4); /* version 1.4 */
    table = memory + (floating[4] | floating[5] << 8 | floating[6] << 16);
    ck_assert_ptr_eq(table, floating + 16);
    ck_assert_mem_eq(table, "PCMP", 4);
    length = table[4] | table[5] << 8;
    count = table[34] | table[35] << 8;
    ck_assert_uint_eq(16 + length, (unsigned)size);
    ck_assert_uint_eq(sum(table, length), 0);
    /* One boot CPU first, then 8-byte entries; 15 ISA lines (not 2). */
    entry = table + 44;
    ck_assert_uint_eq(entry[0], 0);
    ck_assert_uint_eq(entry[3], 3);
    entry += 20;
    for (unsigned i = 1; i < count; i++, entry += 8)
        if (entry[0] == 3) {
            ck_assert_uint_eq(entry[5], entry[7]); /* line n on pin n */
            ck_assert_uint_ne(entry[5], 2);
            io_interrupts++;
        }
    ck_assert_uint_eq(io_interrupts, 15);
    ck_assert_ptr_eq(entry, table + length);
    errno = 0;
    ck_assert_int_eq(mptable_write(memory, MPTABLE_ADDRESS + 100,
                                   MPTABLE_ADDRESS), -1);
    ck_assert_int_eq(errno, ENOSPC);
}
END_TEST

Suite *test_suite(void)
{
    Suite *suite = suite_create("unit/cpio");
    TCase *tc = tcase_create("cpio");

    tcase_add_test(tc, one_file_archive_is_newc);
    tcase_add_test(tc, one_file_in_memory_matches_the_steps);
    tcase_add_test(tc, port_sink_reads_ff_and_counts);
    tcase_add_test(tc, port_sink_prints_busiest_first_and_the_rest_together);
    tcase_add_test(tc, mp_tables_linux_accepts);
    suite_add_tcase(suite, tc);
    return suite;
}
