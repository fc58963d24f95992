/*
 * The GDB stub's KVM target (common/gdb_kvm.c) on chapter 15's guest in a
 * real VM: software breakpoints as int3 bytes in guest memory, through the
 * target's operations, as gdb's Z0, m, M and z0 packets reach them.
 *
 * The target writes int3s only where one can stop the guest (hardware
 * KVM); these tests turn that on everywhere (kvm.int3_works), and keep
 * the guest from ever running an int3, so that the memory side (the byte
 * saved, hidden from reads, kept under writes, put back) is checked on
 * every host, nested PVM and the SVM host included. What an int3 does
 * when it runs is the chapter tests' business (tests/chapters/).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "c_guest.h"
#include "gdb_kvm.h"
#include "guest_debug.h"
#include "harness.h"
#include "machine.h"

#define MEMORY (16 << 20)

extern const uint8_t guest_15_debugging[], guest_15_debugging_end[];

struct debugged {
    struct machine m;
    struct console console;
    struct hypercall_host host;
    struct gdb_kvm kvm;
    struct gdb_target target;
    FILE *output;
    char *text; /* what the guest printed */
    size_t size;
};

static uint64_t symbol(const char *name)
{
    uint64_t address, size;

    harness_elf_symbol(guest_15_debugging, name, &address, &size);
    return address;
}

/* Chapter 15's guest at its entry point, under the stub's KVM target with
 * int3s on. */
static void start(struct debugged *d)
{
    const struct guest_image image = {
        guest_15_debugging,
        (size_t)(guest_15_debugging_end - guest_15_debugging), NULL};
    const char *failed;

    memset(d, 0, sizeof(*d));
    d->output = open_memstream(&d->text, &d->size);
    ck_assert(d->output);
    ck_assert_msg(machine_create(&d->m, MEMORY, &failed) == 0, "%s", failed);
    ck_assert_int_eq(c_guest_start(&d->m, &image, "chapter 15's guest"), 0);
    console_init(&d->console, d->output);
    d->host = (struct hypercall_host){.vm = &d->m.vm, .console = &d->console,
                                      .config = "", .refusals = d->output,
                                      .events = d->output};
    d->kvm = (struct gdb_kvm){.vcpu = &d->m.vcpu, .host = &d->host,
                              .timeout = 10.0};
    gdb_kvm_target(&d->kvm, &d->target);
    d->kvm.int3_works = true; /* on every host: see the top */
}

static void finish(struct debugged *d)
{
    machine_destroy(&d->m);
    fclose(d->output);
    free(d->text);
}

/* The byte really in guest memory at guest virtual `address`. */
static uint8_t in_memory(struct debugged *d, uint64_t address)
{
    const uint8_t *byte = guest_debug_virtual(&d->m.vcpu, address, 1, false);

    ck_assert_ptr_nonnull(byte);
    return *byte;
}

static void read_bytes(struct debugged *d, uint64_t address, uint8_t *bytes,
                       size_t length)
{
    size_t done;

    ck_assert_int_eq(d->target.read_memory(d->target.context, address, bytes,
                                           length, &done), 0);
    ck_assert_uint_eq(done, length);
}

START_TEST(int3s_are_written_and_hidden)
{
    uint64_t add_up = symbol("add_up");
    uint8_t before[8], after[8];
    struct debugged d;

    REQUIRE_KVM();
    start(&d);
    read_bytes(&d, add_up, before, sizeof(before));
    ck_assert_uint_ne(before[0], INT3);
    ck_assert_int_eq(d.target.insert_breakpoint(d.target.context, 0, add_up),
                     0);
    ck_assert_uint_eq(in_memory(&d, add_up), INT3);     /* there */
    read_bytes(&d, add_up - 4, after, sizeof(after));   /* and unseen */
    ck_assert_int_eq(memcmp(after + 4, before, 4), 0);
    ck_assert_uint_eq(in_memory(&d, add_up + 1), before[1]);
    ck_assert_int_eq(d.target.remove_breakpoint(d.target.context, 0, add_up),
                     0);
    ck_assert_uint_eq(in_memory(&d, add_up), before[0]);
    /* Z1 stays a debug register: guest memory untouched. */
    ck_assert_int_eq(d.target.insert_breakpoint(d.target.context, 1, add_up),
                     0);
    ck_assert_uint_eq(in_memory(&d, add_up), before[0]);
    ck_assert_int_eq(d.kvm.breakpoints, 1);
    /* An address the guest's page tables do not map: an error. */
    ck_assert_int_eq(d.target.insert_breakpoint(d.target.context, 0,
                                                0xfffffffff000ull),
                     -1);
    finish(&d);
}
END_TEST

/* gdb writes `factor` = 3 under a breakpoint on it: the guest, once the
 * breakpoint is gone, computes 3 x 55. */
START_TEST(a_write_under_an_int3_reaches_the_guest)
{
    uint64_t factor = symbol("factor");
    const uint8_t three[4] = {3, 0, 0, 0};
    uint8_t bytes[4];
    struct debugged d;
    struct gdb_stop stop;

    REQUIRE_KVM();
    start(&d);
    ck_assert_int_eq(d.target.insert_breakpoint(d.target.context, 0, factor),
                     0);
    ck_assert_int_eq(d.target.write_memory(d.target.context, factor, three,
                                           sizeof(three)), 0);
    ck_assert_uint_eq(in_memory(&d, factor), INT3); /* still ours */
    read_bytes(&d, factor, bytes, sizeof(bytes));
    ck_assert_int_eq(memcmp(bytes, three, sizeof(three)), 0);
    ck_assert_int_eq(d.target.remove_breakpoint(d.target.context, 0, factor),
                     0);
    ck_assert_uint_eq(in_memory(&d, factor), 3);
    ck_assert_int_eq(d.target.resume(d.target.context, false, &stop), 0);
    ck_assert_int_eq(stop.kind, GDB_STOP_EXITED);
    fflush(d.output);
    ck_assert_msg(strstr(d.text, "guest> add_up(10) = 165\n"), "%s", d.text);
    finish(&d);
}
END_TEST

/* gdb goes away with int3s in the guest's code: they go with it, and the
 * guest runs to its end (an int3 left behind would meet a guest with no
 * IDT: a triple fault). */
START_TEST(int3s_leave_with_gdb)
{
    uint64_t add_up = symbol("add_up"), measure = symbol("measure");
    uint8_t first = 0;
    struct debugged d;

    REQUIRE_KVM();
    start(&d);
    read_bytes(&d, add_up, &first, 1);
    ck_assert_int_eq(d.target.insert_breakpoint(d.target.context, 0, add_up),
                     0);
    ck_assert_int_eq(d.target.insert_breakpoint(d.target.context, 0,
                                                measure),
                     0);
    ck_assert_int_eq(gdb_kvm_run_to_end(&d.kvm), RUN_STOPPED);
    ck_assert(d.host.exited);
    ck_assert_int_eq(d.host.exit_status, 0);
    ck_assert_int_eq(d.kvm.software.count, 0);
    ck_assert_uint_eq(in_memory(&d, add_up), first);
    fflush(d.output);
    ck_assert_msg(strstr(d.text, "guest> add_up(10) = 55\n"), "%s", d.text);
    finish(&d);
}
END_TEST

Suite *test_suite(void)
{
    Suite *suite = suite_create("kvm/gdb_kvm");
    TCase *tc = tcase_create("gdb_kvm");

    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, int3s_are_written_and_hidden);
    tcase_add_test(tc, a_write_under_an_int3_reaches_the_guest);
    tcase_add_test(tc, int3s_leave_with_gdb);
    suite_add_tcase(suite, tc);
    return suite;
}
