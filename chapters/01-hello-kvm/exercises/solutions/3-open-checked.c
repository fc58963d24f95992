/*
 * Exercise 01.3 (moderate): open and check, leaving nothing behind.
 * A reference solution.
 */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "kvm.h"

int kvm_open_checked(const char *path)
{
    int version, saved_errno;
    /* O_CLOEXEC: the right to create VMs is not for programs we exec. */
    int fd = open(path, O_RDWR | O_CLOEXEC);

    if (fd < 0)
        return -1; /* open's errno: ENOENT, EACCES, ... */
    if (kvm_check_api_version(fd, &version) < 0) {
        saved_errno = errno; /* close() is allowed to change it */
        close(fd);
        errno = saved_errno;
        return -1;
    }
    return fd;
}
