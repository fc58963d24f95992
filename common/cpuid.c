/*
 * cpuid.c - giving a vCPU the CPUID KVM supports. Introduced in chapter 05.
 */
#include <errno.h>
#include <stdlib.h>

#include "cpuid.h"
#include "kvm.h"

/* KVM_GET_SUPPORTED_CPUID fills a struct with room for `room` entries, or
 * fails with E2BIG when that is too few. */
static struct kvm_cpuid2 *supported_cpuid(int kvm_fd, int room)
{
    struct kvm_cpuid2 *cpuid =
        calloc(1, sizeof(*cpuid) + room * sizeof(cpuid->entries[0]));

    if (!cpuid)
        return NULL;
    cpuid->nent = room;
    if (KVM_IOCTL(kvm_fd, KVM_GET_SUPPORTED_CPUID, cpuid) < 0) {
        int saved_errno = errno;

        free(cpuid);
        errno = saved_errno;
        return NULL;
    }
    return cpuid;
}

/* EDX of leaf 0x80000001 (the extended features), or 0 if it is missing. */
static uint32_t extended_features(const struct kvm_cpuid2 *cpuid)
{
    for (unsigned i = 0; i < cpuid->nent; i++)
        if (cpuid->entries[i].function == CPUID_EXT_FEATURES)
            return cpuid->entries[i].edx;
    return 0;
}

// ANCHOR: set_supported
int cpuid_set_supported(int kvm_fd, struct vcpu *vcpu,
                        struct cpuid_result *result, const char **failed_step)
{
    struct kvm_cpuid2 *cpuid = NULL;
    int status;

    /* KVM_GET_SUPPORTED_CPUID and KVM_SET_CPUID2 come with EXT_CPUID. */
    if (kvm_check_extension(kvm_fd, KVM_CAP_EXT_CPUID) <= 0) {
        *failed_step = "KVM_CAP_EXT_CPUID";
        errno = EOPNOTSUPP;
        return -1;
    }
    /* 256 is KVM_MAX_CPUID_ENTRIES, the most Linux answers today; should a
     * later kernel answer more, ask with more room until it stops saying
     * E2BIG. */
    for (int room = 256; !cpuid && room <= 4096; room *= 2) {
        cpuid = supported_cpuid(kvm_fd, room);
        if (!cpuid && errno != E2BIG) {
            *failed_step = "KVM_GET_SUPPORTED_CPUID";
            return -1;
        }
    }
    if (!cpuid) {
        *failed_step = "KVM_GET_SUPPORTED_CPUID";
        return -1;
    }
    status = KVM_IOCTL(vcpu->fd, KVM_SET_CPUID2, cpuid);
    if (status == 0)
        *result = (struct cpuid_result){
            cpuid->nent, extended_features(cpuid) & CPUID_EXT_EDX_LM,
            extended_features(cpuid) & CPUID_EXT_EDX_NX};
    else
        *failed_step = "KVM_SET_CPUID2";
    free(cpuid);
    return status;
}
// ANCHOR_END: set_supported
