/*
 * Unit tests for the GDB stub without KVM: common/gdb_commands.c over a
 * mock target (two registers, 64 bytes of memory at 0x1000), the session
 * loop of common/gdb_server.c over a socket pair, the register layout of
 * common/gdb_kvm.c and the DR7 encoding of common/guest_debug.c.
 */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "gdb_commands.h"
#include "gdb_kvm.h"
#include "gdb_server.h"
#include "guest_debug.h"
#include "harness.h"

/* The mock: an 8-byte and a 4-byte register, memory at 0x1000. */
#define MOCK_BASE 0x1000
static const uint8_t mock_sizes[] = {8, 4};
static uint8_t mock_registers[12];
static uint8_t mock_memory[64];
static uint64_t mock_breakpoint;
static int mock_resumes, mock_steps;
static struct gdb_stop mock_next_stop;

static int mock_read_registers(void *context, uint8_t *bytes)
{
    (void)context;
    memcpy(bytes, mock_registers, sizeof(mock_registers));
    return 0;
}

static int mock_write_registers(void *context, const uint8_t *bytes)
{
    (void)context;
    memcpy(mock_registers, bytes, sizeof(mock_registers));
    return 0;
}

static int mock_read_memory(void *context, uint64_t address, uint8_t *bytes,
                            size_t length, size_t *done)
{
    (void)context;
    *done = 0;
    while (*done < length && address + *done >= MOCK_BASE &&
           address + *done < MOCK_BASE + sizeof(mock_memory)) {
        bytes[*done] = mock_memory[address + *done - MOCK_BASE];
        ++*done;
    }
    if (*done < length) {
        errno = EFAULT;
        return -1;
    }
    return 0;
}

static int mock_write_memory(void *context, uint64_t address,
                             const uint8_t *bytes, size_t length)
{
    (void)context;
    if (address < MOCK_BASE ||
        address + length > MOCK_BASE + sizeof(mock_memory)) {
        errno = EFAULT;
        return -1;
    }
    memcpy(mock_memory + address - MOCK_BASE, bytes, length);
    return 0;
}

static int mock_insert(void *context, int type, uint64_t address)
{
    (void)context, (void)type;
    if (mock_breakpoint) {
        errno = ENOSPC; /* one slot only */
        return -1;
    }
    mock_breakpoint = address;
    return 0;
}

static int mock_remove(void *context, int type, uint64_t address)
{
    (void)context, (void)type;
    if (mock_breakpoint != address) {
        errno = ENOENT;
        return -1;
    }
    mock_breakpoint = 0;
    return 0;
}

static int mock_resume(void *context, bool step, struct gdb_stop *stop)
{
    (void)context;
    mock_resumes++;
    mock_steps += step;
    *stop = mock_next_stop;
    return 0;
}

static const struct gdb_target mock = {
    .description = "<target><architecture>mock</architecture></target>",
    .register_count = 2,
    .register_sizes = mock_sizes,
    .read_registers = mock_read_registers,
    .write_registers = mock_write_registers,
    .read_memory = mock_read_memory,
    .write_memory = mock_write_memory,
    .insert_breakpoint = mock_insert,
    .remove_breakpoint = mock_remove,
    .resume = mock_resume,
};

static void reset_mock(void)
{
    for (size_t i = 0; i < sizeof(mock_registers); i++)
        mock_registers[i] = i + 1;
    for (size_t i = 0; i < sizeof(mock_memory); i++)
        mock_memory[i] = i;
    mock_breakpoint = 0;
    mock_resumes = mock_steps = 0;
    mock_next_stop = (struct gdb_stop){GDB_STOP_TRAP, 0};
}

static struct gdb_reply reply;

/* Answer `body`; check the action and the reply. */
static void expect(const char *body, enum gdb_action action,
                   const char *answer)
{
    enum gdb_action got = gdb_command(&mock, body, strlen(body), &reply);

    ck_assert_msg(got == action, "%s: action %d, not %d", body, got, action);
    if (action == GDB_SEND_REPLY || action == GDB_DETACH) {
        ck_assert_msg(strcmp(reply.text, answer) == 0,
                      "%s: answered \"%s\", not \"%s\"", body, reply.text,
                      answer);
        ck_assert_uint_eq(reply.length, strlen(answer));
    }
}

START_TEST(registers_all_and_one)
{
    reset_mock();
    expect("g", GDB_SEND_REPLY, "0102030405060708090a0b0c");
    expect("p0", GDB_SEND_REPLY, "0102030405060708");
    expect("p1", GDB_SEND_REPLY, "090a0b0c");
    expect("p2", GDB_SEND_REPLY, "E14"); /* no such register */
    expect("P1=ffeeddcc", GDB_SEND_REPLY, "OK");
    ck_assert_uint_eq(mock_registers[8], 0xff);
    ck_assert_uint_eq(mock_registers[11], 0xcc);
    expect("P1=ff", GDB_SEND_REPLY, "E01"); /* the wrong size */
    expect("G000000000000000011223344", GDB_SEND_REPLY, "OK");
    ck_assert_uint_eq(mock_registers[11], 0x44);
    expect("G00", GDB_SEND_REPLY, "E01");
    expect("Gzz0000000000000011223344", GDB_SEND_REPLY, "E01");
}
END_TEST

START_TEST(memory_read_and_write)
{
    reset_mock();
    expect("m1000,4", GDB_SEND_REPLY, "00010203");
    expect("m103e,4", GDB_SEND_REPLY, "3e3f"); /* what there is */
    expect("m2000,4", GDB_SEND_REPLY, "E14");  /* nothing there */
    expect("m1000", GDB_SEND_REPLY, "E01");
    expect("m,4", GDB_SEND_REPLY, "E01");
    expect("M1004,2:abcd", GDB_SEND_REPLY, "OK");
    ck_assert_uint_eq(mock_memory[4], 0xab);
    ck_assert_uint_eq(mock_memory[5], 0xcd);
    expect("M1004,2:abc", GDB_SEND_REPLY, "E01");
    expect("M2000,1:00", GDB_SEND_REPLY, "E14");
}
END_TEST

START_TEST(breakpoints_and_resumes)
{
    reset_mock();
    expect("Z0,1010,1", GDB_SEND_REPLY, "OK");
    ck_assert_uint_eq(mock_breakpoint, 0x1010);
    expect("Z1,1020,1", GDB_SEND_REPLY, "E14"); /* the target is full */
    expect("z0,1020,1", GDB_SEND_REPLY, "E14");
    expect("z1,1010,1", GDB_SEND_REPLY, "OK");
    expect("Z2,1000,4", GDB_SEND_REPLY, ""); /* watchpoints: not offered */
    expect("Z0,1000", GDB_SEND_REPLY, "E01");
    expect("c", GDB_CONTINUE, NULL);
    expect("s", GDB_STEP, NULL);
    expect("vCont?", GDB_SEND_REPLY, "vCont;c;C;s;S");
    expect("vCont;c", GDB_CONTINUE, NULL);
    expect("vCont;s:1;c", GDB_STEP, NULL);
    expect("vCont;x", GDB_SEND_REPLY, "E01");
    expect("D", GDB_DETACH, "OK");
    expect("k", GDB_KILL, NULL);
}
END_TEST

START_TEST(queries_and_the_unknown)
{
    reset_mock();
    expect("qSupported:multiprocess+;xmlRegisters=i386", GDB_SEND_REPLY,
           "PacketSize=1000;qXfer:features:read+");
    expect("?", GDB_SEND_REPLY, "S05");
    expect("qXfer:features:read:target.xml:0,8", GDB_SEND_REPLY,
           "m<target>");
    expect("qXfer:features:read:target.xml:29,100", GDB_SEND_REPLY,
           "l</target>");
    expect("qXfer:features:read:target.xml:1000,10", GDB_SEND_REPLY, "l");
    expect("qXfer:features:read:other.xml:0,10", GDB_SEND_REPLY, "E00");
    expect("qXfer:features:read:target.xml:0", GDB_SEND_REPLY, "E01");
    expect("qTStatus", GDB_SEND_REPLY, "");
    expect("vMustReplyEmpty", GDB_SEND_REPLY, "");
    expect("", GDB_SEND_REPLY, "");
    /* A NUL inside a packet: no command has one. */
    ck_assert_int_eq(gdb_command(&mock, "g\0x", 3, &reply), GDB_SEND_REPLY);
    ck_assert_str_eq(reply.text, "");
}
END_TEST

START_TEST(stop_replies)
{
    struct gdb_stop stop = {GDB_STOP_TRAP, 0};

    gdb_stop_reply(&stop, &reply);
    ck_assert_str_eq(reply.text, "S05");
    stop = (struct gdb_stop){GDB_STOP_EXITED, 3};
    gdb_stop_reply(&stop, &reply);
    ck_assert_str_eq(reply.text, "W03");
    stop = (struct gdb_stop){GDB_STOP_FAILED, 0};
    gdb_stop_reply(&stop, &reply);
    ck_assert_str_eq(reply.text, "X06");
}
END_TEST

/* The session loop, over a socket pair: the test is gdb. */
static struct gdb_session session;
static enum gdb_end session_end;

static void *serve(void *unused)
{
    (void)unused;
    session_end = gdb_serve(&session);
    return NULL;
}

static int start_session(double wait, pthread_t *thread)
{
    int pair[2];

    reset_mock();
    ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, pair), 0);
    session = (struct gdb_session){.fd = pair[1], .target = &mock,
                                   .wait = wait};
    ck_assert_int_eq(pthread_create(thread, NULL, serve, NULL), 0);
    return pair[0];
}

static void say(int fd, const char *text)
{
    ck_assert_int_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
}

/* Exactly `length` bytes from fd, within 10 s. */
static void hear(int fd, const char *expected)
{
    char got[256] = "";
    size_t have = 0, length = strlen(expected);

    while (have < length) {
        struct pollfd poller = {.fd = fd, .events = POLLIN};
        ssize_t n;

        ck_assert_msg(poll(&poller, 1, 10000) == 1, "waited for %s, got %s",
                      expected, got);
        n = read(fd, got + have, length - have);
        ck_assert_int_gt(n, 0);
        have += n;
    }
    ck_assert_str_eq(got, expected);
}

START_TEST(a_session_acks_retransmits_and_ends)
{
    pthread_t thread;
    int fd = start_session(10, &thread);

    say(fd, "$?#3f");
    hear(fd, "+$S05#b8");
    say(fd, "-"); /* damaged: again, please */
    hear(fd, "$S05#b8");
    say(fd, "+$?#00"); /* a bad checksum */
    hear(fd, "-");
    say(fd, "\x03$c#63"); /* a Ctrl-C while stopped is nothing */
    hear(fd, "+$S05#b8");
    mock_next_stop = (struct gdb_stop){GDB_STOP_EXITED, 0};
    say(fd, "+$c#63");
    hear(fd, "+$W00#b7");
    pthread_join(thread, NULL);
    ck_assert_int_eq(session_end, GDB_END_GUEST);
    ck_assert_uint_eq(session.packets, 3);
    ck_assert_uint_eq(session.bad_packets, 1);
    ck_assert_int_eq(mock_resumes, 2);
    close(fd);
    close(session.fd);
}
END_TEST

START_TEST(a_session_ends_on_hang_up_and_silence)
{
    pthread_t thread;
    int fd = start_session(10, &thread);

    close(fd);
    pthread_join(thread, NULL);
    ck_assert_int_eq(session_end, GDB_END_LOST);
    ck_assert_int_eq(session.error, 0);
    close(session.fd);

    fd = start_session(0.2, &thread);
    pthread_join(thread, NULL); /* says nothing */
    ck_assert_int_eq(session_end, GDB_END_LOST);
    ck_assert_int_eq(session.error, ETIMEDOUT);
    close(fd);
    close(session.fd);
}
END_TEST

START_TEST(kvm_registers_in_gdbs_order)
{
    struct kvm_regs regs = {.rax = 1, .rbx = 2, .rsp = 0x7000, .rbp = 0x8000,
                            .r15 = 15, .rip = 0x100000, .rflags = 0x202};
    struct kvm_sregs sregs = {.cs.selector = 0x8, .ss.selector = 0x10,
                              .gs.selector = 0x18};
    struct kvm_regs back = {0};
    uint8_t bytes[GDB_KVM_REGISTER_BYTES];
    size_t total = 0;

    for (int i = 0; i < GDB_KVM_REGISTER_COUNT; i++)
        total += gdb_kvm_register_sizes[i];
    ck_assert_uint_eq(total, GDB_KVM_REGISTER_BYTES);
    gdb_kvm_pack(&regs, &sregs, NULL, bytes);
    ck_assert_uint_eq(bytes[0], 1);           /* rax */
    ck_assert_uint_eq(bytes[8], 2);           /* rbx */
    ck_assert_uint_eq(bytes[6 * 8 + 1], 0x80); /* rbp, the 7th */
    ck_assert_uint_eq(bytes[7 * 8 + 1], 0x70); /* rsp, the 8th */
    ck_assert_uint_eq(bytes[15 * 8], 15);     /* r15 */
    ck_assert_uint_eq(bytes[16 * 8 + 2], 0x10); /* rip 0x100000 */
    ck_assert_uint_eq(bytes[17 * 8], 0x02);   /* eflags, 4 bytes */
    ck_assert_uint_eq(bytes[17 * 8 + 1], 0x02);
    ck_assert_uint_eq(bytes[17 * 8 + 4], 0x08); /* cs */
    ck_assert_uint_eq(bytes[17 * 8 + 8], 0x10); /* ss */
    ck_assert_uint_eq(bytes[17 * 8 + 24], 0x18); /* gs */
    gdb_kvm_unpack(bytes, &back);
    ck_assert_uint_eq(back.rsp, 0x7000);
    ck_assert_uint_eq(back.rbp, 0x8000);
    ck_assert_uint_eq(back.rip, 0x100000);
    ck_assert_uint_eq(back.rflags, 0x202);
}
END_TEST

START_TEST(dr7_for_execution_breakpoints)
{
    ck_assert_uint_eq(guest_debug_dr7_execute(0), 0);
    /* L0, LE, bit 10; R/W0 and LEN0 zero: execute, one byte. */
    ck_assert_uint_eq(guest_debug_dr7_execute(1), 0x501);
    ck_assert_uint_eq(guest_debug_dr7_execute(0xf), 0x555);
    ck_assert_uint_eq(guest_debug_dr7_execute(1u << 3), 0x540);
}
END_TEST

Suite *test_suite(void)
{
    Suite *suite = suite_create("unit/gdb_commands");
    TCase *tc = tcase_create("gdb_commands");

    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, registers_all_and_one);
    tcase_add_test(tc, memory_read_and_write);
    tcase_add_test(tc, breakpoints_and_resumes);
    tcase_add_test(tc, queries_and_the_unknown);
    tcase_add_test(tc, stop_replies);
    tcase_add_test(tc, a_session_acks_retransmits_and_ends);
    tcase_add_test(tc, a_session_ends_on_hang_up_and_silence);
    tcase_add_test(tc, kvm_registers_in_gdbs_order);
    tcase_add_test(tc, dr7_for_execution_breakpoints);
    suite_add_tcase(suite, tc);
    return suite;
}
