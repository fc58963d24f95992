/*
 * report.c - one clear line per failure. Introduced in chapter 01.
 */
#include <errno.h>
#include <grp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "kvm.h"
#include "report.h"

/* Is this step opening the KVM device (rather than, say, a guest file)?
 * Decided by which step it is, "open <device>" exactly (kvm_connect()'s
 * step), never by whether the device's path appears in it. */
static int is_device_step(const char *step)
{
    const char *device = kvm_device_path();

    return strncmp(step, "open ", 5) == 0 && strcmp(step + 5, device) == 0;
}

/* Is this step reading the --guest file? */
static int is_guest_step(const char *step)
{
    return strncmp(step, "--guest ", 8) == 0;
}

static int device_overridden(void)
{
    const char *path = getenv("KVM101_DEVICE");

    return path && *path;
}

/* Would joining the kvm group open the device? Only where a group named
 * kvm exists, owns the device and may read and write it (udev's rule on
 * most distributions); on other machines the device may be root's alone. */
static int kvm_group_owns_device(void)
{
    const struct group *kvm = getgrnam("kvm");
    struct stat st;

    return kvm && stat(kvm_device_path(), &st) == 0 &&
           st.st_gid == kvm->gr_gid &&
           (st.st_mode & (S_IRGRP | S_IWGRP)) == (S_IRGRP | S_IWGRP);
}

// ANCHOR: hints
const char *report_hint(int err, const char *step)
{
    switch (err) {
    case ENOENT:
    case ENXIO:
    case ENODEV:
        if (!is_device_step(step))
            return "check the file name";
        if (device_overridden())
            return "KVM101_DEVICE names a device that is not there; "
                   "unset it to use /dev/kvm";
        return "KVM is not available: load the module (modprobe kvm_intel "
               "or kvm_amd), enable VT-x/AMD-V in the firmware, or enable "
               "nested virtualization if this machine is itself a VM";
    case EACCES:
    case EPERM:
        if (!is_device_step(step))
            return "check the file's permissions";
        if (!kvm_group_owns_device())
            return "no kvm group gives access to the device here: run "
                   "as root, or ask an administrator for access";
        return "add yourself to the kvm group (sudo usermod -aG kvm $USER, "
               "then log in again)";
    case ENOTTY:
        return "this is not a KVM device; point KVM101_DEVICE at /dev/kvm "
               "or unset it";
    case ETIME:
        return "nothing came through the pipe within the time limit; is "
               "anything writing to it? (or raise --timeout)";
    case EINVAL:
        if (is_guest_step(step)) /* guest_read_file_within() */
            return "give a regular file or a pipe (such as /dev/stdin), "
                   "not a device";
        if (!strncmp(step, "KVM_GET_API_VERSION", 19)) /* /dev/random */
            return "this is not a KVM device; point KVM101_DEVICE at "
                   "/dev/kvm or unset it";
        return "KVM refused the call's arguments; run with --trace to see "
               "the call";
    case ELOOP:
        return "the path goes round a loop of symbolic links; check them";
    case ENAMETOOLONG:
        return "the path or one of its names is too long; use a shorter "
               "one";
    case ENOTDIR:
        return "a part of the path that should be a directory is not; "
               "check the path";
    case EMFILE:
        return "too many open files for this process; raise the limit "
               "with ulimit -n";
    case ENFILE:
        return "the system has too many open files; close some programs "
               "and try again";
    case EIO:
        return "an input/output error in the device or disk; the kernel "
               "log (dmesg) may say more";
    case EPROTO:
        return "this kernel's kvm_run is smaller than the headers KVM 101 "
               "was built with; rebuild it on this machine";
    case EPROTONOSUPPORT:
        return "KVM 101 needs KVM API version 12, which every Linux since "
               "2.6.22 provides";
    case EBUSY:
        return "another hypervisor (VirtualBox, VMware) may be holding "
               "VT-x/AMD-V; close it and try again";
    case ENOMEM:
        return "the host could not give the guest that much memory";
    case EOPNOTSUPP:
        /* Chapter 14's statistics fd came later than the rest. */
        if (step && strstr(step, "KVM_CAP_BINARY_STATS_FD"))
            return "this kernel's KVM lacks a capability KVM 101 needs; "
                   "Linux 5.14 or later has it";
        return "this kernel's KVM lacks a capability KVM 101 needs; "
               "Linux 4.17 or later has it";
    case EISDIR:
        return "give the path of a file, not a directory";
    case ENOEXEC:
        return "the image is empty; build a flat binary with "
               "objcopy -O binary";
    case EFBIG:
        return "the image is larger than the guest memory it must fit in";
    default:
        return NULL;
    }
}
// ANCHOR_END: hints

int report_exit_code(int err, const char *step)
{
    int no_kvm_here = (err == ENOENT || err == ENXIO || err == ENODEV) &&
                      is_device_step(step);

    if (no_kvm_here || err == EPROTONOSUPPORT || err == EOPNOTSUPP)
        return EXIT_HOST_CANNOT;
    return EXIT_ERROR;
}

static int print_line(int err, const char *hint, const char *format,
                      va_list args)
{
    char *step;
    int code;

    /* Allocated, not a fixed buffer: a cut step (a long device path) would
     * no longer be recognised as the step it is. */
    if (vasprintf(&step, format, args) < 0)
        step = NULL;
    if (!hint)
        hint = report_hint(err, step ? step : "");
    fprintf(stderr, "%s: %s: %s", program_invocation_short_name,
            step ? step : "(out of memory)", strerror(err));
    if (hint)
        fprintf(stderr, " — %s", hint);
    fputc('\n', stderr);
    code = report_exit_code(err, step ? step : "");
    free(step);
    return code;
}

int report_error(const char *step_format, ...)
{
    int err = errno;
    va_list args;
    int code;

    va_start(args, step_format);
    code = print_line(err, NULL, step_format, args);
    va_end(args);
    return code;
}

int report_error_hint(const char *hint, const char *step_format, ...)
{
    int err = errno;
    va_list args;
    int code;

    va_start(args, step_format);
    code = print_line(err, hint, step_format, args);
    va_end(args);
    return code;
}

int report_problem(const char *hint, const char *problem_format, ...)
{
    va_list args;

    fprintf(stderr, "%s: ", program_invocation_short_name);
    va_start(args, problem_format);
    vfprintf(stderr, problem_format, args);
    va_end(args);
    if (hint)
        fprintf(stderr, " — %s", hint);
    fputc('\n', stderr);
    return EXIT_ERROR;
}

int report_host_cannot(const char *reason_format, ...)
{
    va_list args;

    fprintf(stderr, "%s: ", program_invocation_short_name);
    va_start(args, reason_format);
    vfprintf(stderr, reason_format, args);
    va_end(args);
    fputc('\n', stderr);
    return EXIT_HOST_CANNOT;
}
