/*
 * config-into-rom.c - a hostile guest for chapter 08: it asks the host to
 * write its configuration (HC_GET_CONFIG) into the ROM, the read-only
 * memory slot. The guest cannot write there, so the host must not do it
 * for the guest either: the call is refused and the ROM reads back as it
 * was (tests/faults/guests.c).
 */
#include "kvm101.h"

#define ROM 0x2000000ul

int main(void)
{
    long result = hc_get_config((char *)ROM, 16);

    printf("get_config into the ROM: %ld\n", result);
    printf("the ROM says: %s\n", (const char *)ROM);
    return 0;
}
