/*
 * kvm.h - talking to /dev/kvm: opening it, checking the API version,
 * asking about capabilities.
 *
 * Introduced in chapter 01.
 */
#ifndef KVM101_KVM_H
#define KVM101_KVM_H

#include <linux/kvm.h>

/* The only KVM API version there has ever been since Linux 2.6.22. */
#define KVM_STABLE_API_VERSION 12

// ANCHOR: kvm_ioctl_macro
/* ioctl() that also prints the call under --trace. Use it through KVM_IOCTL,
 * which passes the request's name along for the trace line. */
int kvm_ioctl(int fd, unsigned long request, const char *request_name,
              unsigned long arg);
#define KVM_IOCTL(fd, request, arg)                                            \
    kvm_ioctl((fd), (request), #request, (unsigned long)(arg))
// ANCHOR_END: kvm_ioctl_macro

/* The device to open: $KVM101_DEVICE if set (tests use it), else /dev/kvm. */
const char *kvm_device_path(void);

/* Open the KVM device. Returns the fd, or -1 with errno set. */
int kvm_open(void);

/* Check that the fd speaks KVM API version 12. Returns 0, or -1 with errno:
 * ENOTTY (the fd is not a KVM device) or EPROTONOSUPPORT (another version,
 * stored in *version). */
int kvm_check_api_version(int kvm_fd, int *version);

/* kvm_open() and kvm_check_api_version() in one call, for later chapters.
 * On failure returns -1 with errno set and *failed_step naming the step. */
int kvm_connect(const char **failed_step);

/* Is this host's KVM the nested "pagetable-based VM" (the kvm_pvm module),
 * which runs guest kernel code in an emulator and lacks some features of
 * hardware KVM? Decided by the module's presence, never by trying. */
int kvm_is_nested_pvm(void);

/* What kind of KVM host this is, by identity: the module that provides KVM
 * and the processor's vendor and model strings (/proc/cpuinfo). Tests skip,
 * and the book marks lines, by these names; never by trying and failing. */
enum kvm_host_kind {
    KVM_HOST_NESTED_PVM, /* "pvm": the kvm_pvm module (guest kernel code is
                            emulated; see the book's introduction) */
    KVM_HOST_INTEL,      /* "intel": GenuineIntel, VMX */
    KVM_HOST_AMD,        /* "amd": AuthenticAMD or HygonGenuine, SVM */
    KVM_HOST_AMD_TCG,    /* "tcg": SVM emulated by QEMU's TCG, whose CPU model
                            is named "QEMU TCG CPU ..." (make test-svm) */
    KVM_HOST_OTHER,      /* "other": none of these */
};
enum kvm_host_kind kvm_host_kind(void);
const char *kvm_host_kind_name(enum kvm_host_kind kind);

/* KVM_CHECK_EXTENSION: 0 if absent, else a positive value whose meaning
 * depends on the capability; -1 with errno on error. */
int kvm_check_extension(int fd, long capability);

#endif
