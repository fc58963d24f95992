/*
 * The test of exercise 14.2, read one of KVM's counters: counter_value()
 * on statistics files made by hand, then on a real vCPU's statistics fd
 * after a guest made exits.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <linux/kvm.h>

#include "harness.h"
#include "machine.h"
#include "real_mode.h"

int counter_value(const uint8_t *file, size_t size, const char *name,
                  uint64_t *value);

#define NAME_SIZE 48

/* A file with these counters (one value each), descriptors first or
 * data first. Returns its size; the bytes are in `file`. */
static size_t make_file(uint8_t *file, const char *const names[],
                        const uint64_t values[], int n, int data_first)
{
    size_t step = sizeof(struct kvm_stats_desc) + NAME_SIZE;
    struct kvm_stats_header header = {
        .name_size = NAME_SIZE,
        .num_desc = n,
        .id_offset = sizeof(header),
    };

    header.desc_offset = data_first ? 64 + 8 * n : 64;
    header.data_offset = data_first ? 64 : 64 + step * n;
    memset(file, 0, 4096);
    memcpy(file, &header, sizeof(header));
    for (int i = 0; i < n; i++) {
        struct kvm_stats_desc desc = {.size = 1, .offset = 8 * (n - 1 - i)};
        uint8_t *at = file + header.desc_offset + i * step;

        memcpy(at, &desc, sizeof(desc));
        strcpy((char *)at + sizeof(desc), names[i]);
        memcpy(file + header.data_offset + desc.offset, &values[i], 8);
    }
    return (data_first ? header.desc_offset + step * n
                       : header.data_offset + 8 * n);
}

static void expect(const uint8_t *file, size_t size, const char *name,
                   int found, uint64_t want)
{
    uint64_t got = 0;
    int result = counter_value(file, size, name, &got);

    if (!found) {
        ck_assert_msg(result == -1, "there is no counter \"%s\", but you "
                                    "found one (%llu)",
                      name, (unsigned long long)got);
        return;
    }
    ck_assert_msg(result == 0, "counter \"%s\" is in the file, but you "
                               "did not find it",
                  name);
    ck_assert_msg(got == want, "counter \"%s\" is %llu, not %llu", name,
                  (unsigned long long)want, (unsigned long long)got);
}

static const char *const names[] = {"exits_total", "io_exits", "exits",
                                    "halt_exits"};
static const uint64_t values[] = {111, 222, 333, 444};

START_TEST(finds_whole_names)
{
    uint8_t file[4096];
    size_t size = make_file(file, names, values, 4, 0);

    expect(file, size, "exits", 1, 333);
    expect(file, size, "io_exits", 1, 222);
    expect(file, size, "halt_exits", 1, 444);
    expect(file, size, "exit", 0, 0);
    expect(file, size, "mmio_exits", 0, 0);
}
END_TEST

START_TEST(values_at_data_offset)
{
    uint8_t file[4096];
    size_t size = make_file(file, names, values, 4, 1);

    expect(file, size, "exits_total", 1, 111);
    expect(file, size, "exits", 1, 333);
}
END_TEST

START_TEST(a_real_vcpu_counts_its_exits)
{
    /* real mode: mov cx, 50; out 0x80, al; loop; hlt */
    static const uint8_t code[] = {0xb9, 50, 0, 0xe6, 0x80, 0xe2, 0xfc, 0xf4};
    uint64_t before, after;
    const char *failed_step;
    struct machine m;
    uint8_t *file = calloc(1, 1 << 16);
    ssize_t size;
    int fd;

    REQUIRE_KVM();
    ck_assert_int_eq(machine_create(&m, 0x10000, &failed_step), 0);
    memcpy(m.memory + 0x1000, code, sizeof(code));
    ck_assert_int_eq(real_mode_enter(&m.vcpu, 0, 0x1000, 0xfff0), 0);
    fd = ioctl(m.vcpu.fd, KVM_GET_STATS_FD, 0);
    ck_assert_int_ge(fd, 0);
    size = pread(fd, file, 1 << 16, 0);
    ck_assert_int_gt(size, 0);
    ck_assert_msg(counter_value(file, size, "exits", &before) == 0,
                  "a real vCPU's statistics have \"exits\"; you did not "
                  "find it");
    do
        ck_assert_int_eq(ioctl(m.vcpu.fd, KVM_RUN, 0), 0);
    while (m.vcpu.run->exit_reason == KVM_EXIT_IO);
    ck_assert_int_eq(m.vcpu.run->exit_reason, KVM_EXIT_HLT);
    size = pread(fd, file, 1 << 16, 0);
    ck_assert_int_eq(counter_value(file, size, "exits", &after), 0);
    ck_assert_msg(after - before >= 51, "\"exits\" moved by %llu over 51 "
                                        "exits: is that the right value?",
                  (unsigned long long)(after - before));
    close(fd);
    free(file);
    machine_destroy(&m);
}
END_TEST

Suite *test_suite(void)
{
    Suite *suite = suite_create("exercise 14.2");

    exercise_check(suite, "whole names only: exits is not exits_total",
                   finds_whole_names);
    exercise_check(suite, "each value at data_offset + offset",
                   values_at_data_offset);
    exercise_check(suite, "a real vCPU's exits counter moves",
                   a_real_vcpu_counts_its_exits);
    return suite;
}
