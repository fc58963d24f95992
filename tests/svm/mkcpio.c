/*
 * mkcpio.c - write a directory tree as a "newc" cpio archive, the format
 * the Linux kernel unpacks into its first root file system (an initramfs).
 *
 *   mkcpio DIR > archive.cpio
 *
 * Used by tests/svm/svm.sh to pack the SVM host's root file system. The
 * archive itself is written by common/cpio.c, the writer chapter 12 packs
 * its initramfs with. Everything is owned by root; modes and symbolic
 * links are kept; other file types are refused.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* nftw's FTW_PHYS */
#endif
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cpio.h"

static const char *top; /* the directory being archived */
static struct cpio archive;

/* Copy `size` bytes of the file at path into the archive. */
static int put_file_data(const char *path, unsigned long long size)
{
    char buffer[65536];
    int fd = open(path, O_RDONLY);
    unsigned long long left = size;

    if (fd < 0)
        return -1;
    while (left > 0) {
        ssize_t got = read(fd, buffer,
                           left < sizeof(buffer) ? left : sizeof(buffer));
        if (got <= 0) {
            close(fd);
            errno = got < 0 ? errno : EIO; /* the file shrank */
            return -1;
        }
        if (cpio_data(&archive, buffer, got) < 0) {
            close(fd);
            return -1;
        }
        left -= got;
    }
    close(fd);
    return cpio_pad(&archive);
}

static int add_entry(const char *path, const struct stat *st, int type,
                     struct FTW *where)
{
    const char *name = path + strlen(top);
    char target[4096];
    ssize_t length;

    (void)where;
    while (*name == '/')
        name++;
    if (*name == '\0')
        return 0; /* the top directory itself is the archive's root */
    if (type == FTW_D) {
        if (cpio_header(&archive, name, st->st_mode, 0) < 0)
            goto fail;
    } else if (type == FTW_SL) {
        length = readlink(path, target, sizeof(target));
        if (length < 0 || length == sizeof(target) ||
            cpio_add(&archive, name, st->st_mode, target, length) < 0)
            goto fail;
    } else if (type == FTW_F && S_ISREG(st->st_mode)) {
        if (cpio_header(&archive, name, st->st_mode, st->st_size) < 0 ||
            put_file_data(path, st->st_size) < 0)
            goto fail;
    } else {
        fprintf(stderr, "mkcpio: %s: not a file, directory or link\n", path);
        return -1;
    }
    return 0;
fail:
    fprintf(stderr, "mkcpio: %s: %s\n", path, strerror(errno));
    return -1;
}

int main(int argc, char **argv)
{
    struct stat st;

    if (argc != 2) {
        fprintf(stderr, "usage: mkcpio DIR > archive.cpio\n");
        return 2;
    }
    top = argv[1];
    if (stat(top, &st) < 0 || !S_ISDIR(st.st_mode)) {
        fprintf(stderr, "mkcpio: %s: not a directory\n", top);
        return 1;
    }
    cpio_init(&archive, stdout);
    if (nftw(top, add_entry, 64, FTW_PHYS) != 0)
        return 1;
    if (cpio_finish(&archive) < 0) {
        fprintf(stderr, "mkcpio: writing the archive: %s\n", strerror(errno));
        return 1;
    }
    return 0;
}
