/*
 * Exercise 01.3: a plausible wrong answer, which the test must reject.
 * It reports a failed version check correctly but forgets the fd it
 * opened: every call on a file that is not KVM leaks one descriptor.
 */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "kvm.h"

int kvm_open_checked(const char *path)
{
    int version;
    int fd = open(path, O_RDWR | O_CLOEXEC);

    if (fd < 0)
        return -1;
    if (kvm_check_api_version(fd, &version) < 0)
        return -1;
    return fd;
}
