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

/* KVM_CHECK_EXTENSION: 0 if absent, else a positive value whose meaning
 * depends on the capability; -1 with errno on error. */
int kvm_check_extension(int fd, long capability);

#endif
