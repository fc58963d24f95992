/*
 * kvm.c - talking to /dev/kvm. Introduced in chapter 01.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "kvm.h"
#include "trace.h"

// ANCHOR: kvm_ioctl
int kvm_ioctl(int fd, unsigned long request, const char *request_name,
              unsigned long arg)
{
    int result = ioctl(fd, request, arg);
    int saved_errno = errno;
    char argument[24] = "{...}";

    /* An ioctl number encodes the size of the struct its argument points
     * to; size 0 means the argument is a plain number, worth printing.
     * (A pointer is not: it changes from run to run.) */
    if (_IOC_SIZE(request) == 0)
        snprintf(argument, sizeof(argument), "%#lx", arg);
    if (result < 0)
        trace("ioctl(fd %d, %s, %s) = -1 (%s)", fd, request_name, argument,
              strerror(saved_errno));
    else
        trace("ioctl(fd %d, %s, %s) = %d", fd, request_name, argument, result);
    errno = saved_errno;
    return result;
}
// ANCHOR_END: kvm_ioctl

const char *kvm_device_path(void)
{
    const char *path = getenv("KVM101_DEVICE");

    return path && *path ? path : "/dev/kvm";
}

// ANCHOR: open_device
int kvm_open(void)
{
    /* O_CLOEXEC: a program we might exec later must not inherit the
     * right to create VMs. */
    int fd = open(kvm_device_path(), O_RDWR | O_CLOEXEC);

    trace("open(\"%s\", O_RDWR | O_CLOEXEC) = %d", kvm_device_path(), fd);
    return fd;
}
// ANCHOR_END: open_device

// ANCHOR: api_version
int kvm_check_api_version(int kvm_fd, int *version)
{
    *version = KVM_IOCTL(kvm_fd, KVM_GET_API_VERSION, 0);
    if (*version < 0)
        return -1; /* ENOTTY: whatever kvm_fd is, it is not KVM */
    if (*version != KVM_STABLE_API_VERSION) {
        errno = EPROTONOSUPPORT;
        return -1;
    }
    return 0;
}
// ANCHOR_END: api_version

int kvm_connect(const char **failed_step)
{
    int version;
    int fd = kvm_open();

    if (fd < 0) {
        static char open_step[4096];

        snprintf(open_step, sizeof(open_step), "open %s", kvm_device_path());
        *failed_step = open_step;
        return -1;
    }
    if (kvm_check_api_version(fd, &version) < 0) {
        int saved_errno = errno;

        *failed_step = "KVM_GET_API_VERSION";
        close(fd);
        errno = saved_errno;
        return -1;
    }
    return fd;
}

/* Whether KVM101_HIDE_CAPS (capability numbers, separated by spaces or
 * commas) names `capability`. */
static int capability_hidden(long capability)
{
    const char *list = getenv("KVM101_HIDE_CAPS");
    char *end;

    while (list && *list) {
        long hidden = strtol(list, &end, 10);

        if (end == list) {
            list++; /* a separator */
            continue;
        }
        if (hidden == capability)
            return 1;
        list = end;
    }
    return 0;
}

// ANCHOR: check_extension
int kvm_check_extension(int fd, long capability)
{
    /* The tests hide capabilities (KVM101_HIDE_CAPS="136 81") to see what
     * a chapter does on a kernel without them. */
    if (capability_hidden(capability))
        return 0;
    return KVM_IOCTL(fd, KVM_CHECK_EXTENSION, capability);
}
// ANCHOR_END: check_extension

int kvm_is_nested_pvm(void)
{
    return access("/sys/module/kvm_pvm", F_OK) == 0;
}

/* The value of the first "name : value" line of /proc/cpuinfo that starts
 * with `name`, into value (empty if there is none). */
static void cpuinfo_field(const char *name, char *value, size_t size)
{
    FILE *cpuinfo = fopen("/proc/cpuinfo", "r");
    char line[512];
    char *colon;

    value[0] = '\0';
    if (!cpuinfo)
        return;
    while (fgets(line, sizeof(line), cpuinfo)) {
        colon = strchr(line, ':');
        if (strncmp(line, name, strlen(name)) != 0 || !colon)
            continue;
        snprintf(value, size, "%s", colon + 1 + (colon[1] == ' '));
        value[strcspn(value, "\n")] = '\0';
        break;
    }
    fclose(cpuinfo);
}

enum kvm_host_kind kvm_host_kind(void)
{
    char vendor[64], model[128];

    if (kvm_is_nested_pvm())
        return KVM_HOST_NESTED_PVM;
    cpuinfo_field("vendor_id", vendor, sizeof(vendor));
    cpuinfo_field("model name", model, sizeof(model));
    if (strcmp(vendor, "GenuineIntel") == 0)
        return KVM_HOST_INTEL;
    if (strcmp(vendor, "AuthenticAMD") != 0 &&
        strcmp(vendor, "HygonGenuine") != 0)
        return KVM_HOST_OTHER;
    /* QEMU names the CPU models of its software emulator this way; real
     * AMD processors never do. */
    if (strncmp(model, "QEMU TCG CPU", 12) == 0)
        return KVM_HOST_AMD_TCG;
    return KVM_HOST_AMD;
}

const char *kvm_host_kind_name(enum kvm_host_kind kind)
{
    static const char *const names[] = {
        [KVM_HOST_NESTED_PVM] = "pvm", [KVM_HOST_INTEL] = "intel",
        [KVM_HOST_AMD] = "amd",        [KVM_HOST_AMD_TCG] = "tcg",
        [KVM_HOST_OTHER] = "other",
    };

    return kind <= KVM_HOST_OTHER ? names[kind] : "other";
}
