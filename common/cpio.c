/*
 * cpio.c - writing a newc cpio archive. Introduced in chapter 12.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cpio.h"

void cpio_init(struct cpio *cpio, FILE *out)
{
    *cpio = (struct cpio){.out = out, .inode = 1};
}

int cpio_data(struct cpio *cpio, const void *data, size_t size)
{
    if (size > 0 && fwrite(data, 1, size, cpio->out) != size)
        return -1;
    cpio->written += size;
    return 0;
}

int cpio_pad(struct cpio *cpio)
{
    static const char zeros[3];

    return cpio_data(cpio, zeros, (4 - cpio->written % 4) % 4);
}

// ANCHOR: header
int cpio_header(struct cpio *cpio, const char *name, unsigned mode,
                unsigned long long size)
{
    unsigned long name_size = strlen(name) + 1; /* with its NUL */
    char header[6 + 13 * 8 + 1];

    if (size > 0xffffffffull || name_size > 0xffffffffull) {
        errno = EINVAL;
        return -1;
    }
    /* magic, inode, mode, uid, gid, nlink, mtime, filesize, devmajor,
     * devminor, rdevmajor, rdevminor, namesize, check */
    snprintf(header, sizeof(header),
             "070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X",
             (unsigned)cpio->inode++, mode, 0, 0, 1, 0, (unsigned)size, 0, 0,
             0, 0, (unsigned)name_size, 0);
    if (cpio_data(cpio, header, sizeof(header) - 1) < 0 ||
        cpio_data(cpio, name, name_size) < 0)
        return -1;
    return cpio_pad(cpio);
}
// ANCHOR_END: header

int cpio_add(struct cpio *cpio, const char *name, unsigned mode,
             const void *data, size_t size)
{
    if (cpio_header(cpio, name, mode, size) < 0 ||
        cpio_data(cpio, data, size) < 0)
        return -1;
    return cpio_pad(cpio);
}

int cpio_finish(struct cpio *cpio)
{
    if (cpio_header(cpio, "TRAILER!!!", 0, 0) < 0)
        return -1;
    if (fflush(cpio->out) != 0 || ferror(cpio->out)) {
        if (errno == 0)
            errno = EIO;
        return -1;
    }
    return 0;
}

// ANCHOR: one_file
int cpio_one_file(const char *name, unsigned mode, const void *data,
                  size_t size, char **archive, size_t *archive_size)
{
    FILE *memory = open_memstream(archive, archive_size);
    struct cpio cpio;
    int result, saved_errno;

    if (!memory)
        return -1;
    cpio_init(&cpio, memory);
    result = cpio_add(&cpio, name, mode, data, size);
    if (result == 0)
        result = cpio_finish(&cpio);
    saved_errno = errno;
    fclose(memory); /* sets *archive and *archive_size */
    if (result < 0) {
        free(*archive);
        *archive = NULL;
        errno = saved_errno;
    }
    return result;
}
// ANCHOR_END: one_file
