/*
 * Unit tests for common/guest.c: reading a flat image from a file (and
 * refusing the bad ones with the documented errno), and copying an image
 * into guest memory on a hand-filled `struct vm`. No KVM.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "guest.h"
#include "harness.h"

#define MAX_SIZE 4096

/* A new temporary file of `size` bytes (byte i is i mod 256). The caller
 * unlinks it. */
static char *temp_file(size_t size)
{
    static char path[32];
    int fd;

    strcpy(path, "/tmp/kvm101-guest-XXXXXX");
    fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    for (size_t i = 0; i < size; i++) {
        unsigned char byte = (unsigned char)i;

        ck_assert_int_eq(write(fd, &byte, 1), 1);
    }
    close(fd);
    return path;
}

/* guest_read_file that must fail with `expected` errno. */
static void assert_refused(const char *path, size_t max_size, int expected,
                           struct guest_image *image)
{
    errno = 0;
    ck_assert_int_eq(guest_read_file(path, max_size, image), -1);
    ck_assert_msg(errno == expected, "%s: errno %s, expected %s", path,
                  strerror(errno), strerror(expected));
    ck_assert_ptr_null(image->data);
    ck_assert_ptr_null(image->allocated);
}

START_TEST(missing_file_is_ENOENT)
{
    struct guest_image image;

    assert_refused("/nonexistent/guest.bin", MAX_SIZE, ENOENT, &image);
}
END_TEST

START_TEST(empty_file_is_ENOEXEC)
{
    struct guest_image image;
    char *path = temp_file(0);

    assert_refused(path, MAX_SIZE, ENOEXEC, &image);
    ck_assert_uint_eq(image.size, 0);
    unlink(path);
}
END_TEST

START_TEST(directory_is_EISDIR)
{
    struct guest_image image;

    assert_refused("/tmp", MAX_SIZE, EISDIR, &image);
}
END_TEST

START_TEST(exactly_max_size_is_read_whole)
{
    struct guest_image image;
    char *path = temp_file(MAX_SIZE);

    ck_assert_int_eq(guest_read_file(path, MAX_SIZE, &image), 0);
    ck_assert_uint_eq(image.size, MAX_SIZE);
    ck_assert_ptr_eq(image.data, image.allocated);
    for (size_t i = 0; i < MAX_SIZE; i++)
        ck_assert_uint_eq(image.data[i], (unsigned char)i);
    guest_free(&image);
    ck_assert_ptr_null(image.data);
    ck_assert_uint_eq(image.size, 0);
    unlink(path);
}
END_TEST

START_TEST(one_byte_more_is_EFBIG_and_says_how_large)
{
    struct guest_image image;
    char *path = temp_file(MAX_SIZE + 1);

    assert_refused(path, MAX_SIZE, EFBIG, &image);
    ck_assert_uint_eq(image.size, MAX_SIZE + 1);
    unlink(path);
}
END_TEST

START_TEST(a_device_is_refused_with_EINVAL)
{
    /* /dev/zero has bytes without end, a terminal or /dev/tty may wait
     * for ever: a guest image is a regular file or a pipe, not a device. */
    struct guest_image image;

    assert_refused("/dev/zero", MAX_SIZE, EINVAL, &image);
    ck_assert_uint_eq(image.size, 0);
}
END_TEST

static const char *pipe_with(size_t size, int *read_fd)
{
    static char path[64];
    char bytes[MAX_SIZE + 1];
    int fds[2];

    ck_assert_uint_le(size, sizeof(bytes));
    ck_assert_int_eq(pipe(fds), 0);
    memset(bytes, 0xf4, size); /* hlt */
    ck_assert_int_eq(write(fds[1], bytes, size), (ssize_t)size);
    close(fds[1]);
    *read_fd = fds[0];
    snprintf(path, sizeof(path), "/proc/self/fd/%d", fds[0]);
    return path;
}

START_TEST(pipe_is_read_to_its_end)
{
    struct guest_image image;
    int fd;

    ck_assert_int_eq(guest_read_file(pipe_with(10, &fd), MAX_SIZE, &image), 0);
    ck_assert_uint_eq(image.size, 10);
    ck_assert_uint_eq(image.data[9], 0xf4);
    guest_free(&image);
    close(fd);
}
END_TEST

START_TEST(pipe_larger_than_max_is_EFBIG)
{
    struct guest_image image;
    int fd;

    assert_refused(pipe_with(17, &fd), 16, EFBIG, &image);
    /* The rest of the pipe is counted, so the message can say how large. */
    ck_assert_uint_eq(image.size, 17);
    close(fd);
}
END_TEST

START_TEST(a_pipe_whose_writer_never_writes_times_out)
{
    struct guest_image image;
    int fds[2];
    char path[64];

    /* The writer's end stays open and silent: give up at the deadline. */
    ck_assert_int_eq(pipe(fds), 0);
    snprintf(path, sizeof(path), "/proc/self/fd/%d", fds[0]);
    ck_assert_int_eq(guest_read_file_within(path, MAX_SIZE, 0.05, &image), -1);
    ck_assert_int_eq(errno, ETIME);
    close(fds[0]);
    close(fds[1]);
}
END_TEST

START_TEST(reading_closes_the_file)
{
    struct guest_image image;
    char *path = temp_file(100);
    int before = harness_open_fds();

    ck_assert_int_eq(guest_read_file(path, MAX_SIZE, &image), 0);
    guest_free(&image);
    ck_assert_int_eq(guest_read_file(path, 10, &image), -1);
    ck_assert_int_eq(guest_read_file("/dev/zero", 10, &image), -1);
    ck_assert_int_eq(harness_open_fds(), before);
    unlink(path);
}
END_TEST

/* --- guest_load_flat ---------------------------------------------------- */

static unsigned char memory[0x2000];

static struct vm small_vm(void)
{
    struct vm vm = {.fd = -1, .kvm_fd = -1, .slot_count = 1};

    vm.slots[0] = (struct vm_slot){0x0, sizeof(memory), memory, 0};
    return vm;
}

START_TEST(image_is_copied_to_its_load_address)
{
    static const uint8_t code[] = {0xba, 0xf8, 0x03, 0xf4};
    struct guest_image image = {code, sizeof(code), NULL};
    struct vm vm = small_vm();

    memset(memory, 0, sizeof(memory));
    ck_assert_int_eq(guest_load_flat(&vm, 0x1000, &image), 0);
    ck_assert_mem_eq(memory + 0x1000, code, sizeof(code));
    ck_assert_uint_eq(memory[0x0fff], 0);
    ck_assert_uint_eq(memory[0x1000 + sizeof(code)], 0);
}
END_TEST

START_TEST(image_filling_memory_to_the_end_fits)
{
    static uint8_t code[0x1000];
    struct guest_image image = {code, sizeof(code), NULL};
    struct vm vm = small_vm();

    ck_assert_int_eq(guest_load_flat(&vm, 0x1000, &image), 0);
}
END_TEST

START_TEST(image_past_the_end_of_memory_is_EFBIG)
{
    static uint8_t code[0x1001];
    struct guest_image image = {code, sizeof(code), NULL};
    struct vm vm = small_vm();

    errno = 0;
    ck_assert_int_eq(guest_load_flat(&vm, 0x1000, &image), -1);
    ck_assert_int_eq(errno, EFBIG);
    ck_assert_int_eq(guest_load_flat(&vm, 0x100000, &image), -1);
}
END_TEST

Suite *test_suite(void)
{
    Suite *suite = suite_create("unit/guest");
    TCase *read = tcase_create("read_file");
    TCase *load = tcase_create("load_flat");

    tcase_set_timeout(read, 5);
    tcase_add_test(read, missing_file_is_ENOENT);
    tcase_add_test(read, empty_file_is_ENOEXEC);
    tcase_add_test(read, directory_is_EISDIR);
    tcase_add_test(read, exactly_max_size_is_read_whole);
    tcase_add_test(read, one_byte_more_is_EFBIG_and_says_how_large);
    tcase_add_test(read, a_device_is_refused_with_EINVAL);
    tcase_add_test(read, pipe_is_read_to_its_end);
    tcase_add_test(read, a_pipe_whose_writer_never_writes_times_out);
    tcase_add_test(read, pipe_larger_than_max_is_EFBIG);
    tcase_add_test(read, reading_closes_the_file);
    suite_add_tcase(suite, read);

    tcase_set_timeout(load, 5);
    tcase_add_test(load, image_is_copied_to_its_load_address);
    tcase_add_test(load, image_filling_memory_to_the_end_fits);
    tcase_add_test(load, image_past_the_end_of_memory_is_EFBIG);
    suite_add_tcase(suite, load);
    return suite;
}
