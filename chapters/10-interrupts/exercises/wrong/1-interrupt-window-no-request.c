/*
 * Exercise 10.1: a plausible wrong answer, which the test must reject.
 * It decides well but never asks for the window, so a guest that rang
 * with IF=0 waits for an exit that KVM was never asked to give.
 */
#include <linux/kvm.h>

enum injection { NOTHING_TO_DO, INJECT_NOW, WAIT_FOR_WINDOW };

enum injection decide_injection(struct kvm_run *run, int pending)
{
    if (pending < 0)
        return NOTHING_TO_DO;
    if (run->ready_for_interrupt_injection && run->if_flag)
        return INJECT_NOW;
    return WAIT_FOR_WINDOW;
}
