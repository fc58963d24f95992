/*
 * guest.c - guest images. Introduced in chapter 03.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "guest.h"

/* Milliseconds from now until `deadline` (CLOCK_MONOTONIC), at least 0. */
static int milliseconds_left(const struct timespec *deadline)
{
    struct timespec now;
    double left;

    clock_gettime(CLOCK_MONOTONIC, &now);
    left = (double)(deadline->tv_sec - now.tv_sec) * 1e3 +
           (double)(deadline->tv_nsec - now.tv_nsec) / 1e6;
    return left > 0 ? (int)left + 1 : 0;
}

/* Read up to `limit` bytes from fd (opened O_NONBLOCK). A pipe delivers
 * when its writer gets round to it, or never: each wait is a poll() that
 * ends at the deadline, when the read fails with ETIME. Returns how many
 * bytes, or -1. */
static ssize_t read_up_to(int fd, uint8_t *buf, size_t limit,
                          const struct timespec *deadline)
{
    size_t total = 0;

    while (total < limit) {
        struct pollfd wait = {.fd = fd, .events = POLLIN};
        ssize_t n;

        /* Wait first: a FIFO that has had no writer yet reads as empty
         * (0, the end of the file) but does not poll as readable. */
        if (poll(&wait, 1, milliseconds_left(deadline)) == 0) {
            errno = ETIME; /* nothing came in time */
            return -1;
        }
        n = read(fd, buf + total, limit - total);
        if (n == 0)
            break; /* the end of the file, or the writer closed */
        if (n < 0 && errno != EAGAIN && errno != EINTR)
            return -1;
        if (n > 0)
            total += n;
    }
    return total;
}

/* A stream that was too large: how many bytes it held in all, so that the
 * message can say (a learner's next question is "how much too large?").
 * Reads on into buf, room bytes at a time, discarding, until the end, the
 * deadline or STREAM_COUNT_LIMIT bytes; returns the total, or 0 when it
 * could not be counted. */
#define STREAM_COUNT_LIMIT (256u << 20)
static size_t stream_size(int fd, uint8_t *buf, size_t room, size_t seen,
                          const struct timespec *deadline)
{
    size_t total = seen;

    while (total <= STREAM_COUNT_LIMIT) {
        ssize_t n = read_up_to(fd, buf, room, deadline);

        if (n < 0)
            return 0;
        total += n;
        if ((size_t)n < room)
            return total; /* the end of the stream */
    }
    return 0;
}

/* Open path for reading without blocking (a FIFO with no writer blocks in
 * a plain open() forever), and accept only what has bytes to give: a
 * regular file, or a pipe or FIFO such as /dev/stdin in `cmd | chapter
 * --guest /dev/stdin`. Returns the fd, or -1 with errno (EISDIR, or
 * EINVAL for a device or a socket). */
static int open_guest_file(const char *path, struct stat *st)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);

    if (fd < 0)
        return -1;
    if (fstat(fd, st) < 0 || !(S_ISREG(st->st_mode) || S_ISFIFO(st->st_mode))) {
        int err = errno;

        if (S_ISDIR(st->st_mode))
            err = EISDIR;
        else if (!S_ISREG(st->st_mode) && !S_ISFIFO(st->st_mode))
            err = EINVAL;
        close(fd);
        errno = err;
        return -1;
    }
    return fd;
}

int guest_read_file_within(const char *path, size_t max_size, double seconds,
                           struct guest_image *image)
{
    struct timespec deadline;
    struct stat st;
    uint8_t *buf;
    ssize_t size;
    int fd;

    *image = (struct guest_image){0};
    clock_gettime(CLOCK_MONOTONIC, &deadline);
    deadline.tv_sec += (time_t)seconds;
    deadline.tv_nsec += (long)((seconds - (double)(time_t)seconds) * 1e9);
    if (deadline.tv_nsec >= 1000000000) {
        deadline.tv_sec++;
        deadline.tv_nsec -= 1000000000;
    }
    fd = open_guest_file(path, &st);
    if (fd < 0)
        return -1;
    if (S_ISREG(st.st_mode) && (uint64_t)st.st_size > max_size) {
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
    size = read_up_to(fd, buf, max_size + 1, &deadline);
    if (size < 0 || size == 0 || (size_t)size > max_size) {
        int saved_errno = size < 0 ? errno : size == 0 ? ENOEXEC : EFBIG;

        image->size = 0; /* a stream: its size is unknown... */
        if (saved_errno == EFBIG) /* ...unless we count the rest */
            image->size =
                stream_size(fd, buf, max_size + 1, size, &deadline);
        free(buf);
        close(fd);
        errno = saved_errno;
        return -1;
    }
    close(fd);
    *image = (struct guest_image){buf, size, buf};
    return 0;
}

int guest_read_file(const char *path, size_t max_size,
                    struct guest_image *image)
{
    return guest_read_file_within(path, max_size, GUEST_PIPE_WAIT, image);
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
                 size_t max_size, double seconds, struct guest_image *image)
{
    if (!path) {
        *image = builtin;
        return 0;
    }
    return guest_read_file_within(path, max_size, seconds, image);
}
