/*
 * mkcpio.c - write a directory tree as a "newc" cpio archive, the format
 * the Linux kernel unpacks into its first root file system (an initramfs).
 *
 *   mkcpio DIR > archive.cpio
 *
 * Used by tests/svm/svm.sh to pack the SVM host's root file system. The
 * format (Documentation/driver-api/early-userspace/buffer-format.rst): per
 * entry, the magic "070701", thirteen 8-digit hexadecimal fields, the name
 * with its NUL, padding to 4 bytes, the data, padding to 4 bytes; the
 * archive ends with an entry named "TRAILER!!!". Everything is owned by
 * root; modes and symbolic links are kept; other file types are refused.
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

static const char *top;    /* the directory being archived */
static unsigned long inode = 1;
static unsigned long long written;

static void pad_to_4(void)
{
    while (written % 4) {
        putchar(0);
        written++;
    }
}

static void put_header(const char *name, unsigned mode, unsigned long size)
{
    unsigned long name_size = strlen(name) + 1;

    /* magic, ino, mode, uid, gid, nlink, mtime, filesize, devmajor,
     * devminor, rdevmajor, rdevminor, namesize, check */
    written += printf("070701%08lX%08X%08X%08X%08X%08X%08lX%08X%08X%08X%08X"
                      "%08lX%08X",
                      inode++, mode, 0, 0, 1, 0, size, 0, 0, 0, 0, name_size,
                      0);
    fwrite(name, 1, name_size, stdout);
    written += name_size;
    pad_to_4();
}

static int put_file_data(const char *path, unsigned long size)
{
    char buffer[65536];
    int fd = open(path, O_RDONLY);
    unsigned long left = size;

    if (fd < 0)
        return -1;
    while (left > 0) {
        ssize_t got = read(fd, buffer, sizeof(buffer));
        if (got <= 0) {
            close(fd);
            errno = got < 0 ? errno : EIO; /* the file shrank */
            return -1;
        }
        fwrite(buffer, 1, got, stdout);
        left -= got;
    }
    close(fd);
    written += size;
    return 0;
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
        put_header(name, st->st_mode, 0);
    } else if (type == FTW_SL) {
        length = readlink(path, target, sizeof(target));
        if (length < 0 || length == sizeof(target))
            goto fail;
        put_header(name, st->st_mode, length);
        fwrite(target, 1, length, stdout);
        written += length;
        pad_to_4();
    } else if (type == FTW_F && S_ISREG(st->st_mode)) {
        put_header(name, st->st_mode, st->st_size);
        if (put_file_data(path, st->st_size) < 0)
            goto fail;
        pad_to_4();
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
    if (nftw(top, add_entry, 64, FTW_PHYS) != 0)
        return 1;
    put_header("TRAILER!!!", 0, 0);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "mkcpio: writing the archive: %s\n", strerror(errno));
        return 1;
    }
    return 0;
}
