/*
 * The test of exercise 02.2, map kvm_run: maps a vCPU's kvm_run with
 * map_kvm_run() and uses that mapping alone to read an exit (a guest's
 * `out`) and to ask KVM for something (immediate_exit).
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "guest.h"
#include "harness.h"
#include "kvm.h"
#include "real_mode.h"
#include "vcpu.h"
#include "vm.h"

int map_kvm_run(int kvm_fd, int vcpu_fd, struct kvm_run **run, size_t *size);

/* 16-bit code, loaded at 0x1000: write 'K' to COM1, then halt. */
static const uint8_t out_guest[] = {
    0xb0, 0x4b,       /* mov al, 'K' */
    0xba, 0xf8, 0x03, /* mov dx, 0x3f8 */
    0xee,             /* out dx, al */
    0xf4,             /* hlt */
};

/* A VM with 64 KiB at 0, the guest at 0x1000 and vCPU 0 ready to run it,
 * built with chapter 02's helpers; the vCPU's own kvm_run mapping (from
 * vcpu_create) is left alone: the test reads only the one under test. */
struct setup {
    int kvm_fd;
    struct vm vm;
    struct vcpu vcpu;
};

static void set_up(struct setup *s)
{
    const char *failed_step = "";
    struct guest_image image = {out_guest, sizeof(out_guest), NULL};

    s->kvm_fd = kvm_connect(&failed_step);
    ck_assert_msg(s->kvm_fd >= 0, "%s: %s", failed_step, strerror(errno));
    ck_assert_int_eq(vm_create(s->kvm_fd, &s->vm), 0);
    ck_assert_ptr_nonnull(vm_add_memory(&s->vm, 0, 0x10000));
    ck_assert_int_eq(guest_load_flat(&s->vm, 0x1000, &image), 0);
    ck_assert_msg(vcpu_create(&s->vm, 0, &s->vcpu, &failed_step) == 0, "%s: %s",
                  failed_step, strerror(errno));
    ck_assert_int_eq(real_mode_enter(&s->vcpu, 0, 0x1000, 0xfff0), 0);
}

static void tear_down(struct setup *s)
{
    vcpu_destroy(&s->vcpu);
    vm_destroy(&s->vm);
    close(s->kvm_fd);
}

/* map_kvm_run() on the set-up vCPU, which must succeed. */
static struct kvm_run *map(struct setup *s, size_t *size)
{
    struct kvm_run *run = NULL;
    int result;

    errno = 0;
    result = map_kvm_run(s->kvm_fd, s->vcpu.fd, &run, size);
    ck_assert_msg(result == 0, "map_kvm_run() returned %d (%s)", result,
                  errno ? strerror(errno) : "errno not set");
    ck_assert_msg(run != NULL && run != MAP_FAILED,
                  "map_kvm_run() returned 0 but *run is %p", (void *)run);
    return run;
}

START_TEST(the_length_is_what_kvm_says)
{
    struct setup s;
    struct kvm_run *run;
    size_t size = 0;
    int expected;

    REQUIRE_KVM();
    set_up(&s);
    run = map(&s, &size);
    expected = ioctl(s.kvm_fd, KVM_GET_VCPU_MMAP_SIZE, 0);
    ck_assert_msg(size == (size_t)expected,
                  "*size is %zu; KVM_GET_VCPU_MMAP_SIZE says %d (sizeof(struct "
                  "kvm_run) is %zu)",
                  size, expected, sizeof(struct kvm_run));
    munmap(run, size);
    tear_down(&s);
}
END_TEST

START_TEST(an_out_can_be_read_through_it)
{
    struct setup s;
    struct kvm_run *run;
    size_t size = 0;
    unsigned char byte;

    REQUIRE_KVM();
    set_up(&s);
    run = map(&s, &size);
    ck_assert_int_eq(ioctl(s.vcpu.fd, KVM_RUN, 0), 0);
    ck_assert_msg(run->exit_reason == KVM_EXIT_IO,
                  "through your mapping the exit reason is %u, expected %d "
                  "(KVM_EXIT_IO)",
                  run->exit_reason, KVM_EXIT_IO);
    ck_assert_msg(run->io.port == 0x3f8 && run->io.direction == KVM_EXIT_IO_OUT,
                  "through your mapping the exit is port %#x direction %u, "
                  "expected an out to 0x3f8",
                  run->io.port, run->io.direction);
    ck_assert_msg(run->io.data_offset + run->io.size <= size,
                  "the out's data is at offset %llu, beyond the %zu bytes "
                  "you mapped",
                  (unsigned long long)run->io.data_offset, size);
    byte = *((unsigned char *)run + run->io.data_offset);
    ck_assert_msg(byte == 'K',
                  "the byte at data_offset is %#x, expected 'K' (0x4b)", byte);
    munmap(run, size);
    tear_down(&s);
}
END_TEST

START_TEST(writes_through_it_reach_kvm)
{
    struct setup s;
    struct kvm_run *run;
    size_t size = 0;
    int result;

    REQUIRE_KVM();
    set_up(&s);
    run = map(&s, &size);
    /* immediate_exit = 1 asks KVM_RUN to return EINTR before it enters
     * the guest: it works only if KVM sees what we write. */
    run->immediate_exit = 1;
    errno = 0;
    result = ioctl(s.vcpu.fd, KVM_RUN, 0);
    ck_assert_msg(result == -1 && errno == EINTR,
                  "after setting immediate_exit through your mapping, "
                  "KVM_RUN returned %d (%s), not -1 (EINTR): KVM did not see "
                  "the write",
                  result, errno ? strerror(errno) : "ran the guest");
    munmap(run, size);
    tear_down(&s);
}
END_TEST

START_TEST(an_fd_that_is_not_kvm_is_an_error)
{
    struct kvm_run *run = (struct kvm_run *)&run; /* a sentinel */
    size_t size = 12345;
    int null_fd = open("/dev/null", O_RDWR | O_CLOEXEC);
    int result;

    ck_assert_msg(null_fd >= 0, "open /dev/null: %s", strerror(errno));
    errno = 0;
    result = map_kvm_run(null_fd, null_fd, &run, &size);
    ck_assert_msg(result == -1,
                  "map_kvm_run() on /dev/null returned %d, expected -1",
                  result);
    ck_assert_msg(errno != 0, "it returned -1 without setting errno");
    ck_assert_msg(run == (struct kvm_run *)&run && size == 12345,
                  "it returned -1 but changed *run or *size");
    close(null_fd);
}
END_TEST

Suite *test_suite(void)
{
    Suite *suite = suite_create("exercise 02.2");

    exercise_check(suite, "the length is what KVM_GET_VCPU_MMAP_SIZE says",
                   the_length_is_what_kvm_says);
    exercise_check(suite, "a guest's out can be read through the mapping",
                   an_out_can_be_read_through_it);
    exercise_check(suite, "writes through it reach KVM (immediate_exit)",
                   writes_through_it_reach_kvm);
    exercise_check(suite, "an fd that is not KVM: -1, errno set",
                   an_fd_that_is_not_kvm_is_an_error);
    return suite;
}
