/*
 * KVM tests for chapter 10's helpers (common/irq.c) on real VMs: the
 * controllers are created in order, lines 0-23 can be driven and others
 * are refused before KVM sees them, KVM_INTERRUPT is refused while the
 * vCPU cannot take a vector and when the kernel has the PIC, and the
 * chapter's guest, in the irqchip machine, takes PIT ticks with no exits
 * but its hypercalls; the ioeventfd-to-irqfd relay (common/irq_relay.c)
 * relays rings, refuses a bad line, and stops.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "c_guest_run.h"
#include "harness.h"
#include "irq.h"
#include "irq_ports.h"
#include "irq_relay.h"
#include "machine.h"

GUEST_EMBEDDED(guest_tests_irq_storm);

#define MEMORY_SIZE (16 << 20)

START_TEST(irq_machine_drives_lines_0_to_23_and_refuses_24)
{
    struct machine m;
    const char *failed_step = NULL;
    int status;

    REQUIRE_KVM();
    ck_assert_msg(irq_machine_create(&m, MEMORY_SIZE, &failed_step) == 0,
                  "irq_machine_create failed at %s: %s", failed_step,
                  strerror(errno));
    for (unsigned line = 0; line < IRQ_LINES; line++) {
        ck_assert_int_eq(vm_irq_line(&m.vm, line, 1, &status), 0);
        ck_assert_int_eq(vm_irq_line(&m.vm, line, 0, NULL), 0);
    }
    errno = 0;
    ck_assert_int_eq(vm_irq_line(&m.vm, IRQ_LINES, 1, &status), -1);
    ck_assert_int_eq(errno, EINVAL);
    errno = 0;
    ck_assert_int_eq(vm_irqfd(&m.vm, 0, IRQ_LINES), -1);
    ck_assert_int_eq(errno, EINVAL);
    /* A second irqchip is one too many. */
    ck_assert_int_eq(vm_create_irqchip(&m.vm), -1);
    machine_destroy(&m);
}
END_TEST

START_TEST(kvm_interrupt_refused_while_not_ready_and_with_a_kernel_pic)
{
    struct machine m;
    const char *failed_step = NULL;

    REQUIRE_KVM();
    ck_assert(machine_create(&m, MEMORY_SIZE, &failed_step) == 0);
    /* Before any KVM_RUN kvm_run says nothing is ready: our helper does
     * not call KVM (which would queue it over anything it holds). */
    errno = 0;
    ck_assert_int_eq(vcpu_interrupt(&m.vcpu, IRQ_VECTOR_BASE), -1);
    ck_assert_int_eq(errno, EBUSY);
    errno = 0;
    ck_assert_int_eq(vcpu_interrupt(&m.vcpu, IRQ_VECTORS), -1);
    ck_assert_int_eq(errno, EINVAL);
    machine_destroy(&m);

    ck_assert(irq_machine_create(&m, MEMORY_SIZE, &failed_step) == 0);
    m.vcpu.run->ready_for_interrupt_injection = 1; /* pretend: ask KVM */
    m.vcpu.run->if_flag = 1;
    errno = 0;
    ck_assert_int_eq(vcpu_interrupt(&m.vcpu, IRQ_VECTOR_BASE), -1);
    ck_assert_int_eq(errno, ENXIO); /* the kernel's PIC delivers, not us */
    machine_destroy(&m);
}
END_TEST

START_TEST(pit_storm_runs_in_the_kernel_with_no_exits)
{
    struct guest_run r;
    const char *failed_step = NULL;
    struct guest_image image = GUEST_IMAGE(guest_tests_irq_storm);

    REQUIRE_KVM();
    memset(&r, 0, sizeof(r));
    ck_assert(irq_machine_create(&r.m, MEMORY_SIZE, &failed_step) == 0);
    ck_assert(elf_load(&r.m.vm, image.data, image.size, &r.info) == ELF_OK);
    ck_assert(long_mode_boot(&r.m, r.info.entry, MEMORY_SIZE,
                             &failed_step) == 0);
    console_init(&r.console, stdout);
    r.host = (struct hypercall_host){.vm = &r.m.vm, .console = &r.console,
                                     .config = "irqchip"};
    r.outcome = run_with_handler(&r.m.vcpu, &r.console, 0.5, &r.stats,
                                 hypercall_handle, &r.host);
    /* Ticks at the PIT's fastest rate for half a second: every one taken
     * and acknowledged in the kernel, HLTs too; we saw only its two
     * hypercalls (the configuration and one line of output). */
    ck_assert_int_eq(r.outcome, RUN_TIMED_OUT);
    ck_assert_uint_eq(r.stats.exits, 2);
    ck_assert_uint_eq(r.host.calls, 2);
    machine_destroy(&r.m);
}
END_TEST

START_TEST(the_relay_relays_and_stops)
{
    struct irq_relay relay;
    struct machine m;
    const char *failed_step = NULL;
    uint64_t one = 1;

    REQUIRE_KVM();
    ck_assert(irq_machine_create(&m, MEMORY_SIZE, &failed_step) == 0);
    ck_assert_msg(irq_relay_start(&relay, &m.vm, IRQ_FAST_PORT,
                                  IRQ_FAST_LINE, &failed_step) == 0,
                  "irq_relay_start failed at %s: %s", failed_step,
                  strerror(errno));
    /* Ring as the ioeventfd would, and wait for the thread to count it. */
    ck_assert_int_eq(write(relay.doorbell, &one, sizeof(one)), sizeof(one));
    for (int i = 0; i < 1000 && relay.rings == 0; i++)
        usleep(1000);
    ck_assert_msg(relay.rings == 1, "the relay counted %lu rings, not 1",
                  relay.rings);
    irq_relay_stop(&relay);
    ck_assert(!relay.started && relay.doorbell < 0 && relay.irq < 0);

    /* Line 99 does not exist: the irqfd is refused, nothing is started. */
    ck_assert_int_eq(irq_relay_start(&relay, &m.vm, IRQ_FAST_PORT + 1, 99,
                                     &failed_step), -1);
    ck_assert_str_eq(failed_step, "KVM_IRQFD");
    ck_assert(!relay.started);
    irq_relay_stop(&relay);
    machine_destroy(&m);
}
END_TEST

Suite *test_suite(void)
{
    Suite *suite = suite_create("kvm/interrupts");
    TCase *tc = tcase_create("interrupts");

    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, irq_machine_drives_lines_0_to_23_and_refuses_24);
    tcase_add_test(tc,
                   kvm_interrupt_refused_while_not_ready_and_with_a_kernel_pic);
    tcase_add_test(tc, pit_storm_runs_in_the_kernel_with_no_exits);
    tcase_add_test(tc, the_relay_relays_and_stops);
    suite_add_tcase(suite, tc);
    return suite;
}
