/*
 * smp-no-sipi.c - a boot processor that never starts the others: with
 * --vcpus 2 the host must find vCPU 1 still UNINITIALIZED and say so.
 */
#include "kvm101.h"

int main(void)
{
    printf("starting no application processor\n");
    return 0;
}
