/*
 * Exercise 01.3: a plausible wrong answer, which the test must reject.
 * It opens the device as most examples on the web do, O_RDWR alone: any
 * program it later runs inherits an open /dev/kvm.
 */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "kvm.h"

int kvm_open_checked(const char *path)
{
    int version, saved_errno;
    int fd = open(path, O_RDWR);

    if (fd < 0)
        return -1;
    if (kvm_check_api_version(fd, &version) < 0) {
        saved_errno = errno;
        close(fd);
        errno = saved_errno;
        return -1;
    }
    return fd;
}
