/*
 * The test of exercise 03.3, answer an `in`: checks answer_in() on
 * hand-made exits, then runs guests/tests/port-in.S with it.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>

#include "guest.h"
#include "harness.h"
#include "machine.h"
#include "real_mode.h"

int answer_in(struct kvm_run *run, uint16_t port, uint32_t value);

GUEST_EMBEDDED(guest_tests_port_in);

/* A kvm_run as KVM leaves it after an `in`: data at offset 4096. */
static struct kvm_run *io_exit(int direction, uint16_t port, uint8_t size)
{
    struct kvm_run *run = calloc(1, 3 * 4096);

    run->exit_reason = KVM_EXIT_IO;
    run->io.direction = direction;
    run->io.port = port;
    run->io.size = size;
    run->io.count = 1;
    run->io.data_offset = 4096;
    memset((char *)run + 4096, 0xaa, 8); /* what was there before */
    return run;
}

START_TEST(a_byte_read_gets_the_value)
{
    struct kvm_run *run = io_exit(KVM_EXIT_IO_IN, 0x3fd, 1);
    unsigned char *data = (unsigned char *)run + 4096;

    ck_assert_msg(answer_in(run, 0x3fd, 0x20) == 0,
                  "answer_in returned -1 for a 1-byte read of port 0x3fd: "
                  "it should answer it and return 0");
    ck_assert_msg(data[0] == 0x20,
                  "the byte at data_offset is %#x, not 0x20", data[0]);
    ck_assert_msg(data[1] == 0xaa, "it wrote more than io.size bytes");
    free(run);
}
END_TEST

START_TEST(a_word_read_gets_both_bytes)
{
    struct kvm_run *run = io_exit(KVM_EXIT_IO_IN, 0x3fd, 2);
    unsigned char *data = (unsigned char *)run + 4096;

    ck_assert_msg(answer_in(run, 0x3fd, 0x1234) == 0,
                  "answer_in returned -1 for a 2-byte read of port 0x3fd: "
                  "it should answer reads of any io.size and return 0");
    ck_assert_msg(data[0] == 0x34 && data[1] == 0x12,
                  "bytes %02x %02x, not 34 12 (x86 is little-endian)",
                  data[0], data[1]);
    ck_assert_msg(data[2] == 0xaa, "it wrote more than io.size bytes");
    free(run);
}
END_TEST

START_TEST(other_ports_and_writes_are_left_alone)
{
    struct kvm_run *other = io_exit(KVM_EXIT_IO_IN, 0x60, 1);
    struct kvm_run *write = io_exit(KVM_EXIT_IO_OUT, 0x3fd, 1);

    ck_assert_msg(answer_in(other, 0x3fd, 0x20) == -1,
                  "a read of port 0x60 was answered");
    ck_assert_msg(answer_in(write, 0x3fd, 0x20) == -1,
                  "a write (KVM_EXIT_IO_OUT) was answered");
    ck_assert_msg(((unsigned char *)other)[4096] == 0xaa,
                  "it returned -1 for port 0x60 but wrote into its data");
    ck_assert_msg(((unsigned char *)write)[4096] == 0xaa,
                  "it returned -1 for a write but changed its data");
    free(other);
    free(write);
}
END_TEST

START_TEST(the_port_in_guest_reaches_its_hlt_with_al_0x20)
{
    struct guest_image image = GUEST_IMAGE(guest_tests_port_in);
    const char *failed_step;
    struct machine m;
    struct kvm_regs regs;
    int exits = 0;

    REQUIRE_KVM();
    ck_assert_int_eq(machine_create(&m, 0x10000, &failed_step), 0);
    ck_assert_int_eq(guest_load_flat(&m.vm, 0x1000, &image), 0);
    ck_assert_int_eq(real_mode_enter(&m.vcpu, 0, 0x1000, 0xfff0), 0);
    m.vcpu.run->kvm_valid_regs = KVM_SYNC_X86_REGS;
    for (;;) {
        ck_assert_int_eq(ioctl(m.vcpu.fd, KVM_RUN, 0), 0);
        ck_assert_msg(++exits <= 2, "more than two exits");
        if (m.vcpu.run->exit_reason == KVM_EXIT_HLT)
            break;
        ck_assert_msg(m.vcpu.run->exit_reason == KVM_EXIT_IO,
                      "exit reason %u", m.vcpu.run->exit_reason);
        ck_assert_msg(answer_in(m.vcpu.run, 0x3fd, 0x20) == 0,
                      "answer_in refused the guest's read of 0x3fd");
    }
    ck_assert_int_eq(vcpu_get_regs(&m.vcpu, &regs), 0);
    ck_assert_msg((regs.rax & 0xff) == 0x20, "the guest's AL is %#llx",
                  regs.rax & 0xff);
    machine_destroy(&m);
}
END_TEST

Suite *test_suite(void)
{
    Suite *suite = suite_create("exercise 03.3");

    exercise_check(suite, "a byte read gets the value",
                   a_byte_read_gets_the_value);
    exercise_check(suite, "a word read gets both bytes, low first",
                   a_word_read_gets_both_bytes);
    exercise_check(suite, "other ports and writes are left alone",
                   other_ports_and_writes_are_left_alone);
    exercise_check(suite, "the port-in guest reaches its hlt with AL = 0x20",
                   the_port_in_guest_reaches_its_hlt_with_al_0x20);
    return suite;
}
