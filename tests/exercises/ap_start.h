/*
 * ap_start.h - what the tests of exercises 11.1 and 11.2 share: a VM with
 * the interrupt controllers in the kernel and two vCPUs, a thread each
 * (common/vcpu_thread.c), both in real mode. vCPU 1's page, AP_PAGE,
 * holds `out AP_PORT, al; hlt`: an AP that gets there ends the run with
 * that port write, which nobody handles.
 */
#ifndef KVM101_AP_START_TEST_H
#define KVM101_AP_START_TEST_H

#include <stdio.h>
#include <string.h>

#include "harness.h"
#include "machine.h"
#include "real_mode.h"
#include "vcpu_thread.h"

#define AP_MEMORY 0x100000
#define BSP_CODE 0x1000
#define AP_PAGE 0x3000
#define AP_PORT 0x99

struct ap_test {
    struct machine m;
    struct vcpu ap;
    struct vcpu_thread threads[2];
    struct vcpu_threads_result result;
    FILE *sink;
};

/* Create the VM, put `code` at BSP_CODE for vCPU 0 and the AP's page in
 * place, and run both vCPUs for at most `timeout` seconds. */
static inline void ap_test_run(struct ap_test *t, const uint8_t *code,
                               size_t size, vcpu_setup bsp_setup,
                               vcpu_setup ap_setup, double timeout)
{
    static const uint8_t ap_code[] = {0xe6, AP_PORT, 0xf4}; /* out; hlt */
    const char *failed_step = NULL;
    struct vcpu_group group;

    memset(t, 0, sizeof(*t));
    ck_assert_msg(vcpu_threads_machine_create(&t->m, AP_MEMORY,
                                              &failed_step) == 0,
                  "creating the VM failed at %s", failed_step);
    memcpy(t->m.memory + BSP_CODE, code, size);
    memcpy(t->m.memory + AP_PAGE, ap_code, sizeof(ap_code));
    t->sink = fopen("/dev/null", "w");
    ck_assert_ptr_nonnull(t->sink);
    for (int i = 0; i < 2; i++) {
        t->threads[i] = (struct vcpu_thread){
            .id = i, .vcpu = i == 0 ? &t->m.vcpu : &t->ap,
            .setup = i == 0 ? bsp_setup : ap_setup, .setup_context = t};
        console_init(&t->threads[i].console, t->sink);
    }
    ck_assert_msg(vcpu_threads_start(&group, &t->m.vm, t->threads, 2) == 0,
                  "setting up the vCPUs failed at %s",
                  t->threads[0].failed_step ? t->threads[0].failed_step
                                            : t->threads[1].failed_step);
    ck_assert_int_eq(vcpu_threads_run(&group, timeout, &t->result), 0);
}

/* Did vCPU 1 run the code on its page? */
static inline void ap_test_check_reached(const struct ap_test *t,
                                         const char *how)
{
    const struct kvm_run *run = t->ap.run;

    ck_assert_msg(t->result.first == 1 && run->exit_reason == KVM_EXIT_IO &&
                      run->io.port == AP_PORT,
                  "%s: vCPU 1 never ran the code at %#x (it ended with MP "
                  "state %s)",
                  how, AP_PAGE,
                  vcpu_mp_state_name(t->threads[1].mp_state_after.mp_state));
    ck_assert_msg(run->s.regs.sregs.cs.base == AP_PAGE,
                  "%s: vCPU 1 ran with CS base %#llx, not %#x", how,
                  (unsigned long long)run->s.regs.sregs.cs.base, AP_PAGE);
}

static inline void ap_test_finish(struct ap_test *t)
{
    vcpu_threads_destroy(t->threads, 2);
    machine_destroy(&t->m);
    fclose(t->sink);
}

#endif
