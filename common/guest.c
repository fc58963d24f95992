/*
 * guest.c - guest images. Introduced in chapter 03.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "guest.h"

/* Read up to `limit` bytes; returns how many, or -1 on error. */
static ssize_t read_up_to(int fd, uint8_t *buf, size_t limit)
{
    size_t total = 0;

    while (total < limit) {
        ssize_t n = read(fd, buf + total, limit - total);

        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return -1;
        if (n == 0)
            break;
        total += n;
    }
    return total;
}

int guest_read_file(const char *path, size_t max_size,
                    struct guest_image *image)
{
    struct stat st;
    uint8_t *buf;
    ssize_t size;
    int fd;

    *image = (struct guest_image){0};
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
        (uint64_t)st.st_size > max_size) {
        image->size = st.st_size; /* too large: say by how much */
        close(fd);
        errno = EFBIG;
        return -1;
    }
    /* One byte more than allowed tells a too-large pipe from a full one. */
    buf = malloc(max_size + 1);
    if (!buf) {
        close(fd);
        return -1;
    }
    size = read_up_to(fd, buf, max_size + 1);
    if (size < 0 || size == 0 || (size_t)size > max_size) {
        int saved_errno = size < 0 ? errno : size == 0 ? ENOEXEC : EFBIG;

        image->size = 0; /* a stream: its real size is unknown */
        free(buf);
        close(fd);
        errno = saved_errno;
        return -1;
    }
    close(fd);
    *image = (struct guest_image){buf, size, buf};
    return 0;
}

// ANCHOR: load_flat
int guest_load_flat(struct vm *vm, uint64_t guest_phys,
                    const struct guest_image *image)
{
    /* The destination is checked like any guest address: the image may be
     * larger than the memory it is meant for. */
    void *destination = vm_guest_to_host(vm, guest_phys, image->size);

    if (!destination) {
        errno = EFBIG;
        return -1;
    }
    memcpy(destination, image->data, image->size);
    return 0;
}
// ANCHOR_END: load_flat

void guest_free(struct guest_image *image)
{
    free(image->allocated);
    *image = (struct guest_image){0};
}

int guest_choose(const char *path, struct guest_image builtin,
                 size_t max_size, struct guest_image *image)
{
    if (!path) {
        *image = builtin;
        return 0;
    }
    return guest_read_file(path, max_size, image);
}
