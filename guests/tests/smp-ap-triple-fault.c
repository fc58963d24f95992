/*
 * smp-ap-triple-fault.c - an application processor that triple-faults
 * (no IDT, then ud2) while the boot processor waits for it forever: the
 * AP's KVM_EXIT_SHUTDOWN ends the run, and the host stops vCPU 0.
 */
#include "idt.h"
#include "kvm101.h"
#include "smp.h"

static void die(unsigned id)
{
    (void)id;
    idt_remove();
    __builtin_trap(); /* ud2, with no IDT: a triple fault */
}

int main(void)
{
    apic_map();
    smp_start_ap(1, die);
    for (;;)
        __asm__ volatile("pause"); /* wait for a result that never comes */
}
