/*
 * Exercise 10.1: a plausible wrong answer, which the test must reject.
 * It trusts ready_for_interrupt_injection alone and never looks at the
 * guest's interrupt flag.
 */
#include <linux/kvm.h>

enum injection { NOTHING_TO_DO, INJECT_NOW, WAIT_FOR_WINDOW };

enum injection decide_injection(struct kvm_run *run, int pending)
{
    run->request_interrupt_window = 0;
    if (pending < 0)
        return NOTHING_TO_DO;
    if (run->ready_for_interrupt_injection)
        return INJECT_NOW;
    run->request_interrupt_window = 1;
    return WAIT_FOR_WINDOW;
}
