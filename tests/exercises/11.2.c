/*
 * The test of exercise 11.2, start an application processor the host's
 * way: vCPU 0 only halts and sends nothing; your start_ap_directly() runs
 * in vCPU 1's thread before the run, and vCPU 1 must run the code on its
 * page, with the MP state RUNNABLE before its first KVM_RUN.
 */
#include "ap_start.h"

int start_ap_directly(struct vcpu *ap, uint64_t address);

static const uint8_t bsp_code[] = {0xf4, 0xeb, 0xfd}; /* hlt; jmp hlt */

static int bsp_halts(struct vcpu_thread *thread, const char **failed)
{
    *failed = "real mode for vCPU 0";
    return real_mode_enter(thread->vcpu, 0, BSP_CODE, 0xfff0);
}

static int yours(struct vcpu_thread *thread, const char **failed)
{
    *failed = "your start_ap_directly()";
    return start_ap_directly(thread->vcpu, AP_PAGE);
}

START_TEST(the_ap_runs_without_init_or_sipi)
{
    struct ap_test t;

    REQUIRE_KVM();
    ap_test_run(&t, bsp_code, sizeof(bsp_code), bsp_halts, yours, 2.0);
    ck_assert_msg(t.threads[1].mp_state_before.mp_state ==
                      KVM_MP_STATE_RUNNABLE,
                  "before its first KVM_RUN vCPU 1 was %s, not RUNNABLE: "
                  "KVM will not run it",
                  vcpu_mp_state_name(t.threads[1].mp_state_before.mp_state));
    ap_test_check_reached(&t, "started directly");
    ap_test_finish(&t);
}
END_TEST

Suite *test_suite(void)
{
    Suite *suite = suite_create("exercise 11.2");

    exercise_check(suite, "vCPU 1 runs at 0x3000 with no INIT and no SIPI",
                   the_ap_runs_without_init_or_sipi);
    return suite;
}
