/*
 * host-kind.c - print what kind of KVM host this is (pvm, intel, amd, tcg
 * or other; common/kvm.c decides), for the shell tools: the book checker
 * picks the transcript lines marked for this host, and make doctor shows it.
 */
#include <stdio.h>

#include "kvm.h"

int main(void)
{
    printf("%s\n", kvm_host_kind_name(kvm_host_kind()));
    return 0;
}
