/*
 * The test of exercise 08.1, decode a dirty bitmap: checks
 * dirty_page_list() on hand-made bitmaps, then on the bitmap KVM returns
 * for a guest that writes four pages of a logged memory slot.
 */
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>

#include "harness.h"
#include "machine.h"
#include "real_mode.h"

int dirty_page_list(const uint64_t *bitmap, int page_count, int *pages);

/* Compare what dirty_page_list() found with `want`, and say how they
 * differ. */
static void check_pages(const uint64_t *bitmap, int page_count, const int *want,
                        int want_count)
{
    int pages[256];
    char got_text[512] = "", want_text[512] = "";
    int count;

    memset(pages, 0xff, sizeof(pages));
    count = dirty_page_list(bitmap, page_count, pages);
    for (int i = 0; i < want_count; i++)
        snprintf(want_text + strlen(want_text),
                 sizeof(want_text) - strlen(want_text), " %d", want[i]);
    for (int i = 0; i < count && i < 64; i++)
        snprintf(got_text + strlen(got_text),
                 sizeof(got_text) - strlen(got_text), " %d", pages[i]);
    ck_assert_msg(count == want_count &&
                      memcmp(pages, want, want_count * sizeof(int)) == 0,
                  "the pages should be [%s ], you found %d: [%s ]", want_text,
                  count, got_text);
}

START_TEST(an_empty_bitmap_has_no_pages)
{
    const uint64_t bitmap[2] = {0, 0};

    check_pages(bitmap, 128, NULL, 0);
}
END_TEST

START_TEST(bit_0_is_the_first_page)
{
    const uint64_t bitmap[1] = {0x35}; /* bits 0, 2, 4, 5 */
    const int want[] = {0, 2, 4, 5};

    check_pages(bitmap, 8, want, 4);
}
END_TEST

START_TEST(pages_in_every_word_and_bit)
{
    /* 130 pages: three words, the last one only two bits long. */
    const uint64_t bitmap[3] = {
        (1ull << 1) | (1ull << 31) | (1ull << 32) | (1ull << 63),
        (1ull << 0) | (1ull << 36),
        (1ull << 1),
    };
    const int want[] = {1, 31, 32, 63, 64, 100, 129};

    check_pages(bitmap, 130, want, 7);
}
END_TEST

START_TEST(the_pages_a_real_guest_wrote)
{
    /* A real-mode guest at 0x1000 writes to pages 0, 2, 4 and 5 of a
     * logged slot at 0x8000 (its last write, a word at 0xcfff, spans two
     * pages), then halts. */
    static const uint8_t code[] = {
        0xc6, 0x06, 0x00, 0x80, 0x01,       /* mov byte [0x8000], 1 */
        0xc6, 0x06, 0x05, 0xa0, 0x01,       /* mov byte [0xa005], 1 */
        0xc7, 0x06, 0xff, 0xcf, 0x01, 0x01, /* mov word [0xcfff], 0x101 */
        0xf4,                               /* hlt */
    };
    const int want[] = {0, 2, 4, 5};
    uint64_t bitmap[1] = {0};
    const char *failed_step;
    struct machine m;

    REQUIRE_KVM();
    ck_assert_int_eq(machine_create(&m, 0x8000, &failed_step), 0);
    ck_assert_ptr_nonnull(
        vm_add_memory_flags(&m.vm, 0x8000, 0x8000, KVM_MEM_LOG_DIRTY_PAGES));
    memcpy(m.memory + 0x1000, code, sizeof(code));
    ck_assert_int_eq(real_mode_enter(&m.vcpu, 0, 0x1000, 0x7ff0), 0);
    ck_assert_int_eq(ioctl(m.vcpu.fd, KVM_RUN, 0), 0);
    ck_assert_int_eq(m.vcpu.run->exit_reason, KVM_EXIT_HLT);
    ck_assert_int_eq(vm_get_dirty_log(&m.vm, 1, bitmap), 0);
    check_pages(bitmap, 8, want, 4);
    machine_destroy(&m);
}
END_TEST

Suite *test_suite(void)
{
    Suite *suite = suite_create("exercise 08.1");

    exercise_check(suite, "an empty bitmap has no pages",
                   an_empty_bitmap_has_no_pages);
    exercise_check(suite, "bit 0 is the slot's first page",
                   bit_0_is_the_first_page);
    exercise_check(suite, "pages in every word, high bits too",
                   pages_in_every_word_and_bit);
    exercise_check(suite, "the pages a real guest wrote: 0 2 4 5",
                   the_pages_a_real_guest_wrote);
    return suite;
}
