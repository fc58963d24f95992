/*
 * Exercise 10.1 (easy): decide when to inject.
 *
 * With no interrupt controller in the kernel, the host is the controller.
 * After every exit it has a vector waiting (or not), and kvm_run says what
 * the vCPU can take. Decide what to do before the next KVM_RUN: inject
 * now with KVM_INTERRUPT, or ask KVM for an exit when the guest can take
 * one (the interrupt window), or nothing at all.
 *
 * Hint: inject only when kvm_run's ready_for_interrupt_injection and
 * if_flag are both set: KVM keeps one vector, and one injected too early
 * is lost or waits where you cannot see it. When you wait, set
 * request_interrupt_window, or KVM never tells you the window opened;
 * when you do not, clear it, or the guest exits for nothing.
 *
 * Book: book/10-interrupts.md, "Part 1: the host is the interrupt
 * controller".
 * Check: make ex EX=10.1
 */
#include <linux/kvm.h>

enum injection { NOTHING_TO_DO, INJECT_NOW, WAIT_FOR_WINDOW };

/* `pending` is the vector waiting to go in, or -1 for none. Return what
 * to do, and leave run->request_interrupt_window set only when waiting. */
enum injection decide_injection(struct kvm_run *run, int pending)
{
    (void)run;
    (void)pending;
    return NOTHING_TO_DO; /* your code here */
}
