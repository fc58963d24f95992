/*
 * config-into-logged.c - a guest for chapter 08 that writes nothing to
 * its logged memory itself, but has the host write there for it: its
 * configuration (HC_GET_CONFIG) into page 5 of the slot whose dirty pages
 * KVM logs. A page the host changed on the guest's behalf is as changed
 * as one the guest wrote, so the host must report page 5 dirty
 * (tests/faults/guests.c).
 */
#include "kvm101.h"

#define LOGGED 0x3000000ul
#define PAGE   4096ul

int main(void)
{
    long result = hc_get_config((char *)(LOGGED + 5 * PAGE), 16);

    printf("get_config into logged page 5: %ld\n", result);
    return 0;
}
