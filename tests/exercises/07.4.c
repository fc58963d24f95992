/*
 * The test of exercise 07.4, a gather write: calls hc_writev() on a
 * hand-made VM whose one slot (64 KiB at guest-physical 0) is followed, in
 * this program, by a page of tempting iovecs that are not guest memory,
 * and then by a page that cannot be read at all.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "harness.h"
#include "hypercall.h"
#include "run.h"
#include "vm.h"

#define HC_WRITEV 101

struct hc_iovec {
    uint64_t address;
    uint64_t length;
};

int64_t hc_writev(const struct vm *vm, struct console *console, uint64_t vector,
                  uint64_t count);

#define PAGE      4096
#define SLOT_SIZE (16 * PAGE)
#define ARRAY     0x2000 /* where the tests put their iovec arrays */

static char *memory; /* the slot, then one page outside, then a guard */
static struct vm vm;

static void setup(void)
{
    struct hc_iovec *outside;

    memory = mmap(NULL, SLOT_SIZE + 2 * PAGE, PROT_READ | PROT_WRITE,
                  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    ck_assert_ptr_ne(memory, MAP_FAILED);
    mprotect(memory + SLOT_SIZE + PAGE, PAGE, PROT_NONE);
    vm = (struct vm){.fd = -1, .kvm_fd = -1, .slot_count = 1};
    vm.slots[0] = (struct vm_slot){0, SLOT_SIZE, memory, 0};

    strcpy(memory + 0x100, "LEAK");
    strcpy(memory + 0x1000, "Hello, ");
    strcpy(memory + 0x1010, "gather");
    strcpy(memory + 0x1020, "ed world\n");
    /* After the slot: iovecs the host must never read, each naming a
     * valid buffer ("LEAK"). */
    outside = (struct hc_iovec *)(memory + SLOT_SIZE);
    for (int i = 0; i < PAGE / (int)sizeof(*outside); i++)
        outside[i] = (struct hc_iovec){0x100, 4};
}

/* Put the entries in guest memory at ARRAY. */
static void put_array(const struct hc_iovec *entries, int count)
{
    memcpy(memory + ARRAY, entries, count * sizeof(*entries));
}

/* Call hc_writev() with a console on a string; return what it printed
 * (free it) and store the result. */
static char *call(uint64_t vector, uint64_t count, int64_t *result)
{
    struct console console;
    char *text = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&text, &size);

    ck_assert_ptr_nonnull(out);
    console_init(&console, out);
    *result = hc_writev(&vm, &console, vector, count);
    console_flush(&console);
    fclose(out);
    return text;
}

static void expect_refused(uint64_t vector, uint64_t count, int64_t error,
                           const char *why)
{
    int64_t result;
    char *text = call(vector, count, &result);

    ck_assert_msg(result == error, "%s: it returned %lld, not -%s", why,
                  (long long)result,
                  error == -HC_EFAULT ? "HC_EFAULT" : "HC_EINVAL");
    ck_assert_msg(text[0] == '\0',
                  "%s: refused, but it wrote \"%.*s\" first: a refused call "
                  "must write nothing",
                  why, (int)strcspn(text, "\n"), text);
    free(text);
}

START_TEST(three_pieces_in_one_call)
{
    const struct hc_iovec pieces[] = {{0x1000, 7}, {0x1010, 6}, {0x1020, 9}};
    int64_t result;
    char *text;

    setup();
    put_array(pieces, 3);
    text = call(ARRAY, 3, &result);
    ck_assert_msg(result == 22, "it returned %lld, not the total 22",
                  (long long)result);
    ck_assert_msg(strcmp(text, "guest> Hello, gathered world\n") == 0,
                  "the console printed \"%s\"", text);
    free(text);
}
END_TEST

START_TEST(no_pieces)
{
    int64_t result;
    char *text;

    setup();
    text = call(ARRAY, 0, &result);
    ck_assert_msg(result == 0 && text[0] == '\0',
                  "count 0: it returned %lld and printed \"%s\"",
                  (long long)result, text);
    free(text);
}
END_TEST

START_TEST(a_bad_buffer_writes_nothing)
{
    const struct hc_iovec past_end[] = {{0x1000, 7}, {SLOT_SIZE - 2, 4}};
    const struct hc_iovec wraps[] = {{0x1000, 7}, {0x1010, UINT64_MAX - 7}};

    setup();
    put_array(past_end, 2);
    expect_refused(ARRAY, 2, -HC_EFAULT,
                   "the second buffer runs 2 bytes past guest memory");
    put_array(wraps, 2);
    expect_refused(ARRAY, 2, -HC_EFAULT,
                   "the second buffer's end wraps around 2^64");
}
END_TEST

START_TEST(an_array_outside_memory)
{
    setup();
    expect_refused(SLOT_SIZE - 8, 1, -HC_EFAULT,
                   "the array's one entry is half outside guest memory");
    expect_refused(SLOT_SIZE, 1, -HC_EFAULT,
                   "the array is just past guest memory");
}
END_TEST

START_TEST(a_count_whose_size_wraps)
{
    struct hc_iovec *last;

    setup();
    last = (struct hc_iovec *)(memory + SLOT_SIZE - 16);
    *last = (struct hc_iovec){0x100, 4};
    /* (2^60 + 1) * 16 is 16 in 64 bits: one entry, the last 16 bytes. */
    expect_refused(SLOT_SIZE - 16, (1ull << 60) + 1, -HC_EFAULT,
                   "count 2^60 + 1: the array is 2^64 + 16 bytes, not 16");
}
END_TEST

START_TEST(a_total_over_hc_max_write)
{
    struct hc_iovec pages[17];
    int64_t result;
    char *text;

    setup();
    for (int i = 0; i < 17; i++)
        pages[i] = (struct hc_iovec){0, PAGE};
    put_array(pages, 17);
    expect_refused(ARRAY, 17, -HC_EINVAL,
                   "17 buffers of 4096 bytes: 69632 bytes in all");
    text = call(ARRAY, 16, &result);
    ck_assert_msg(result == HC_MAX_WRITE,
                  "16 buffers of 4096 bytes, exactly HC_MAX_WRITE: it "
                  "returned %lld, not %d",
                  (long long)result, HC_MAX_WRITE);
    free(text);
}
END_TEST

Suite *test_suite(void)
{
    Suite *suite = suite_create("exercise 07.4");

    exercise_check(suite, "three pieces print as one line, total 22",
                   three_pieces_in_one_call);
    exercise_check(suite, "count 0 writes nothing and returns 0", no_pieces);
    exercise_check(suite, "a bad buffer: -HC_EFAULT and nothing written",
                   a_bad_buffer_writes_nothing);
    exercise_check(suite, "an array outside guest memory: -HC_EFAULT",
                   an_array_outside_memory);
    exercise_check(suite, "count 2^60 + 1, whose array size wraps: -HC_EFAULT",
                   a_count_whose_size_wraps);
    exercise_check(suite, "more than HC_MAX_WRITE in all: -HC_EINVAL",
                   a_total_over_hc_max_write);
    return suite;
}
