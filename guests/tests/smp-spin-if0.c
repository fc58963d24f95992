/*
 * smp-spin-if0.c - an application processor spinning with interrupts off,
 * and a boot processor waiting for it: only the time limit ends this run,
 * and the host must say where each vCPU was.
 */
#include "kvm101.h"
#include "smp.h"

static volatile int never;

static void spin(unsigned id)
{
    (void)id;
    __asm__ volatile("cli");
    while (!never)
        ;
}

int main(void)
{
    apic_map();
    smp_start_ap(1, spin);
    while (!never)
        __asm__ volatile("pause");
    return 0;
}
