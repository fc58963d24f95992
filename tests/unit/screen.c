/*
 * Unit tests for common/screen.c, chapter 08's MMIO device, with no KVM:
 * each access is what a KVM_EXIT_MMIO would hand the host (an address, a
 * length, data and a direction).
 */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "screen.h"

#define BASE 0x1000000ull

/* Another run of the same bytes, to see that a refused read wrote all
 * ones over every byte it was given. */
static const uint8_t all_ones[8] = {0xff, 0xff, 0xff, 0xff,
                                    0xff, 0xff, 0xff, 0xff};

static struct screen screen;

static void set_up(void)
{
    screen_init(&screen, BASE);
}

/* One access that the screen must accept. */
static void access_ok(uint64_t offset, void *data, unsigned length,
                      bool is_write)
{
    const char *why = "(not set)";

    ck_assert_msg(screen_access(&screen, BASE + offset, data, length, is_write,
                                &why) == 0,
                  "%s of %u bytes at offset %#llx refused: %s",
                  is_write ? "a write" : "a read", length,
                  (unsigned long long)offset, why);
}

/* One access that the screen must refuse, with a reason; a refused read
 * gives all ones. */
static void access_refused(uint64_t offset, unsigned length, bool is_write)
{
    uint8_t data[8];
    const char *why = NULL;

    memset(data, 0x23, sizeof(data));
    ck_assert_msg(screen_access(&screen, BASE + offset, data, length, is_write,
                                &why) == -1,
                  "%s of %u bytes at offset %#llx accepted",
                  is_write ? "a write" : "a read", length,
                  (unsigned long long)offset);
    ck_assert_msg(why && strstr(why, "no such register"),
                  "refused without a reason (why = %s)", why ? why : "NULL");
    if (!is_write)
        ck_assert_msg(memcmp(data, all_ones, length) == 0,
                      "a refused read of %u bytes at %#llx did not give "
                      "all ones",
                      length, (unsigned long long)offset);
    else
        ck_assert_msg(data[0] == 0x23, "a refused write changed its data");
}

static int count_cells(char c)
{
    int count = 0;

    for (size_t i = 0; i < sizeof(screen.cells); i++)
        count += screen.cells[i] == c;
    return count;
}

START_TEST(init_clears_the_cells_to_spaces)
{
    ck_assert_uint_eq(screen.base, BASE);
    ck_assert_uint_eq(screen.accesses, 0);
    ck_assert_uint_eq(sizeof(screen.cells), SCREEN_ROWS * SCREEN_COLUMNS);
    ck_assert_int_eq(count_cells(' '), SCREEN_ROWS * SCREEN_COLUMNS);
}
END_TEST

START_TEST(cells_written_with_1_2_4_and_8_bytes)
{
    uint8_t one[] = "A", two[] = "BC", four[] = "DEFG", eight[] = "12345678";

    access_ok(0, one, 1, true);
    access_ok(1 * SCREEN_COLUMNS + 1, two, 2, true);
    access_ok(2 * SCREEN_COLUMNS + 2, four, 4, true);
    /* The last eight cells: this access ends exactly at the last one. */
    access_ok(SCREEN_ROWS * SCREEN_COLUMNS - 8, eight, 8, true);

    ck_assert_int_eq(screen.cells[0], 'A');
    ck_assert_int_eq(screen.cells[1], ' ');
    ck_assert(memcmp(screen.cells + 41, "BC", 2) == 0);
    ck_assert_int_eq(screen.cells[40], ' ');
    ck_assert_int_eq(screen.cells[43], ' ');
    ck_assert(memcmp(screen.cells + 82, "DEFG", 4) == 0);
    ck_assert_int_eq(screen.cells[86], ' ');
    ck_assert(memcmp(screen.cells + 312, "12345678", 8) == 0);
    ck_assert_int_eq(screen.cells[311], ' ');
    /* 1 + 2 + 4 + 8 bytes written; the other cells still blank. */
    ck_assert_int_eq(count_cells(' '), SCREEN_ROWS * SCREEN_COLUMNS - 15);
}
END_TEST

START_TEST(cells_read_with_1_2_4_and_8_bytes)
{
    uint8_t data[8];

    memcpy(screen.cells + 100, "abcdefghij", 10);
    memset(data, 0, sizeof(data));
    access_ok(100, data, 1, false);
    ck_assert(memcmp(data, "a\0", 2) == 0); /* one byte, no more */
    access_ok(101, data, 2, false);
    ck_assert(memcmp(data, "bc", 2) == 0);
    access_ok(102, data, 4, false);
    ck_assert(memcmp(data, "cdef", 4) == 0);
    access_ok(102, data, 8, false);
    ck_assert(memcmp(data, "cdefghij", 8) == 0);
    /* Reads change nothing. */
    ck_assert(memcmp(screen.cells + 100, "abcdefghij", 10) == 0);
}
END_TEST

START_TEST(an_access_running_past_the_cells_is_refused)
{
    uint8_t last[] = "z";

    /* 0x13c + 8 and 0x13f + 2 run past the 320 cells; so does anything
     * at 0x140. None may touch the cells. */
    access_refused(SCREEN_ROWS * SCREEN_COLUMNS - 4, 8, true);
    access_refused(SCREEN_ROWS * SCREEN_COLUMNS - 1, 2, true);
    access_refused(SCREEN_ROWS * SCREEN_COLUMNS, 1, true);
    access_refused(SCREEN_ROWS * SCREEN_COLUMNS - 4, 8, false);
    access_refused(SCREEN_ROWS * SCREEN_COLUMNS - 1, 2, false);
    access_refused(SCREEN_ROWS * SCREEN_COLUMNS, 1, false);
    ck_assert_int_eq(count_cells(' '), SCREEN_ROWS * SCREEN_COLUMNS);
    /* The very last cell on its own is fine. */
    access_ok(SCREEN_ROWS * SCREEN_COLUMNS - 1, last, 1, true);
    ck_assert_int_eq(screen.cells[SCREEN_ROWS * SCREEN_COLUMNS - 1], 'z');
}
END_TEST

START_TEST(id_reads_scr1_with_4_bytes_only)
{
    uint8_t data[8] = {0};
    uint32_t value;

    access_ok(SCREEN_ID, data, 4, false);
    ck_assert_msg(memcmp(data, "SCR1", 4) == 0, "ID bytes %02x %02x %02x %02x",
                  data[0], data[1], data[2], data[3]);
    memcpy(&value, data, 4);
    ck_assert_uint_eq(value, SCREEN_ID_VALUE);
    ck_assert_int_eq(data[4], 0); /* a 4-byte read writes 4 bytes */

    access_refused(SCREEN_ID, 1, false);
    access_refused(SCREEN_ID, 2, false);
    access_refused(SCREEN_ID, 8, false);
    access_refused(SCREEN_ID + 1, 4, false); /* not at the register */
    access_refused(SCREEN_ID, 4, true);      /* read-only */
    /* Still there after the refused write. */
    access_ok(SCREEN_ID, data, 4, false);
    ck_assert(memcmp(data, "SCR1", 4) == 0);
}
END_TEST

START_TEST(accesses_counts_every_access_this_one_included)
{
    uint8_t data[8] = {'x'};
    uint64_t count;

    access_ok(0, data, 1, true);               /* 1 */
    access_ok(0, data, 1, false);              /* 2 */
    access_ok(SCREEN_ID, data, 4, false);      /* 3 */
    access_refused(0x400, 8, false);           /* 4: refused, still counted */
    access_refused(SCREEN_ID, 4, true);        /* 5 */
    access_refused(SCREEN_ACCESSES, 4, false); /* 6: wrong size */
    ck_assert_uint_eq(screen.accesses, 6);
    access_ok(SCREEN_ACCESSES, data, 8, false); /* 7 */
    memcpy(&count, data, 8);
    ck_assert_uint_eq(count, 7);
    ck_assert_uint_eq(screen.accesses, 7);
    /* Read-only: a write is refused (and counted), the count goes on. */
    memset(data, 0, sizeof(data));
    access_refused(SCREEN_ACCESSES, 8, true);   /* 8 */
    access_ok(SCREEN_ACCESSES, data, 8, false); /* 9 */
    memcpy(&count, data, 8);
    ck_assert_uint_eq(count, 9);
}
END_TEST

START_TEST(fill_writes_its_low_byte_to_every_cell)
{
    uint64_t value = 0x4142434445464748ull; /* low byte 'H' */
    uint8_t data[8];

    memcpy(data, &value, 8);
    access_ok(SCREEN_FILL, data, 8, true);
    ck_assert_int_eq(count_cells('H'), SCREEN_ROWS * SCREEN_COLUMNS);

    /* Only an 8-byte write: other sizes and reads are refused, and leave
     * the cells alone. */
    access_refused(SCREEN_FILL, 4, true);
    access_refused(SCREEN_FILL, 1, true);
    access_refused(SCREEN_FILL, 8, false);
    ck_assert_int_eq(count_cells('H'), SCREEN_ROWS * SCREEN_COLUMNS);
}
END_TEST

START_TEST(unknown_offsets_are_refused_and_read_all_ones)
{
    access_refused(SCREEN_ROWS * SCREEN_COLUMNS + 0x10, 4, false);
    access_refused(0x400, 8, false);
    access_refused(0x804, 4, false); /* between ID and ACCESSES */
    access_refused(0x818, 8, false); /* after FILL */
    access_refused(0xff8, 8, false);
    access_refused(0xfff, 1, false); /* the device's last byte */
    access_refused(0x400, 8, true);
    access_refused(0xfff, 1, true);
    ck_assert_int_eq(count_cells(' '), SCREEN_ROWS * SCREEN_COLUMNS);
}
END_TEST

START_TEST(owns_exactly_its_4_kib)
{
    struct screen top;

    ck_assert(!screen_owns(&screen, BASE - 1));
    ck_assert(screen_owns(&screen, BASE));
    ck_assert(screen_owns(&screen, BASE + SCREEN_ID));
    ck_assert(screen_owns(&screen, BASE + SCREEN_SIZE - 1));
    ck_assert(!screen_owns(&screen, BASE + SCREEN_SIZE));
    ck_assert(!screen_owns(&screen, 0));
    ck_assert(!screen_owns(&screen, UINT64_MAX));

    /* At the very top of the address space nothing may wrap around. */
    screen_init(&top, UINT64_MAX - (SCREEN_SIZE - 1));
    ck_assert(screen_owns(&top, UINT64_MAX));
    ck_assert(screen_owns(&top, UINT64_MAX - (SCREEN_SIZE - 1)));
    ck_assert(!screen_owns(&top, UINT64_MAX - SCREEN_SIZE));
    ck_assert(!screen_owns(&top, 0));
}
END_TEST

/* screen_draw's output, in a string to free. */
static char *draw(void)
{
    char *text = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&text, &size);

    ck_assert_ptr_nonnull(out);
    screen_draw(&screen, out);
    fclose(out);
    return text;
}

#define BORDER "+----------------------------------------+\n"
#define BLANK  "|                                        |\n"

START_TEST(draw_of_a_blank_screen_is_an_exact_frame)
{
    char *text = draw();

    ck_assert_str_eq(
        text, BORDER BLANK BLANK BLANK BLANK BLANK BLANK BLANK BLANK BORDER);
    free(text);
}
END_TEST

START_TEST(draw_shows_text_in_place_and_unprintable_bytes_as_dots)
{
    char *text;

    memcpy(screen.cells, "Hello", 5);
    memcpy(screen.cells + 2 * SCREEN_COLUMNS + 38, "<>", 2);
    /* A control byte, DEL, a byte above 0x7f and a newline: none may
     * reach the reader's terminal. */
    screen.cells[7 * SCREEN_COLUMNS + 0] = '\0';
    screen.cells[7 * SCREEN_COLUMNS + 1] = 0x7f;
    screen.cells[7 * SCREEN_COLUMNS + 2] = (char)0x80;
    screen.cells[7 * SCREEN_COLUMNS + 3] = '\n';
    screen.cells[7 * SCREEN_COLUMNS + 4] = '~';
    screen.cells[7 * SCREEN_COLUMNS + 39] = (char)0xff;
    text = draw();
    ck_assert_str_eq(
        text, BORDER
        "|Hello                                   |\n" BLANK
        "|                                      <>|\n" BLANK BLANK BLANK BLANK
        "|....~                                  .|\n" BORDER);
    free(text);
}
END_TEST

Suite *test_suite(void)
{
    Suite *suite = suite_create("unit/screen");
    TCase *tc = tcase_create("screen");

    tcase_set_timeout(tc, 5);
    tcase_add_checked_fixture(tc, set_up, NULL);
    tcase_add_test(tc, init_clears_the_cells_to_spaces);
    tcase_add_test(tc, cells_written_with_1_2_4_and_8_bytes);
    tcase_add_test(tc, cells_read_with_1_2_4_and_8_bytes);
    tcase_add_test(tc, an_access_running_past_the_cells_is_refused);
    tcase_add_test(tc, id_reads_scr1_with_4_bytes_only);
    tcase_add_test(tc, accesses_counts_every_access_this_one_included);
    tcase_add_test(tc, fill_writes_its_low_byte_to_every_cell);
    tcase_add_test(tc, unknown_offsets_are_refused_and_read_all_ones);
    tcase_add_test(tc, owns_exactly_its_4_kib);
    tcase_add_test(tc, draw_of_a_blank_screen_is_an_exact_frame);
    tcase_add_test(tc, draw_shows_text_in_place_and_unprintable_bytes_as_dots);
    suite_add_tcase(suite, tc);
    return suite;
}
