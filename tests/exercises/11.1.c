/*
 * The test of exercise 11.1, the start-up IPI for an address: checks
 * sipi_command() against commands worked out by hand, then has a real
 * boot vCPU send INIT and your SIPI through its local APIC, and checks
 * that vCPU 1 starts where you said.
 */
#include "ap_start.h"

uint32_t sipi_command(uint64_t address);

static void check_command(uint64_t address, uint32_t want, const char *why)
{
    uint32_t got = sipi_command(address);

    ck_assert_msg(got == want, "for %#llx the command is %#x, not %#x (%s)",
                  (unsigned long long)address, want, got, why);
}

START_TEST(the_command_for_a_page)
{
    check_command(0x8000, 0x4608, "page 8, start-up, level assert");
    check_command(0x0, 0x4600, "page 0 is a page too");
    check_command(0x9f000, 0x469f, "vector 0x9f");
    check_command(0xff000, 0x46ff, "the last page a SIPI can name");
}
END_TEST

START_TEST(addresses_no_sipi_can_name)
{
    check_command(0x8100, 0, "not the start of a page");
    check_command(0x100000, 0, "1 MiB: the vector would need 9 bits");
    check_command(0xfee00000, 0, "far above 1 MiB");
}
END_TEST

/* vCPU 0 in real mode with DS at the APIC (0xfee00000): enable the APIC,
 * destination APIC ID 1, INIT, then the SIPI (twice), then halt. */
static uint8_t bsp_code[] = {
    0x66, 0x81, 0x0e, 0xf0, 0x00, 0x00, 0x01, 0x00, 0x00, /* or [0xf0], 0x100 */
    0x66, 0xc7, 0x06, 0x10, 0x03, 0x00, 0x00, 0x00, 0x01, /* [0x310] = 1 << 24 */
    0x66, 0xc7, 0x06, 0x00, 0x03, 0x00, 0x45, 0x00, 0x00, /* [0x300] = INIT */
    0x66, 0xb8, 0, 0, 0, 0,                               /* mov eax, SIPI */
    0x66, 0xa3, 0x00, 0x03,                               /* [0x300] = eax */
    0x66, 0xa3, 0x00, 0x03,                               /* again */
    0xf4, 0xeb, 0xfd,                                     /* hlt; jmp hlt */
};
#define SIPI_IMMEDIATE 29 /* where mov eax's operand is in bsp_code */

static int bsp_at_the_apic(struct vcpu_thread *thread, const char **failed)
{
    struct kvm_sregs sregs;

    *failed = "real mode with DS at the APIC";
    if (real_mode_enter(thread->vcpu, 0, BSP_CODE, 0xfff0) < 0 ||
        vcpu_get_sregs(thread->vcpu, &sregs) < 0)
        return -1;
    sregs.ds.base = 0xfee00000;
    return vcpu_set_sregs(thread->vcpu, &sregs);
}

START_TEST(your_sipi_starts_the_ap_at_its_page)
{
    uint32_t command = sipi_command(AP_PAGE);
    struct ap_test t;

    REQUIRE_KVM();
    memcpy(bsp_code + SIPI_IMMEDIATE, &command, sizeof(command));
    ap_test_run(&t, bsp_code, sizeof(bsp_code), bsp_at_the_apic, NULL, 2.0);
    ap_test_check_reached(&t, "after INIT and your SIPI");
    ap_test_finish(&t);
}
END_TEST

Suite *test_suite(void)
{
    Suite *suite = suite_create("exercise 11.1");

    exercise_check(suite, "the SIPI command for a page below 1 MiB",
                   the_command_for_a_page);
    exercise_check(suite, "addresses no SIPI can name are refused",
                   addresses_no_sipi_can_name);
    exercise_check(suite, "your SIPI starts vCPU 1 at 0x3000",
                   your_sipi_starts_the_ap_at_its_page);
    return suite;
}
