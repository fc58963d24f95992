/*
 * cpio.h - writing a "newc" cpio archive, the format Linux unpacks into
 * its first root file system, the initramfs
 * (Documentation/driver-api/early-userspace/buffer-format.rst).
 *
 * Per entry: the magic "070701", thirteen 8-digit hexadecimal fields, the
 * name with its NUL, zeros up to a multiple of 4 bytes, the data, zeros
 * up to a multiple of 4 again. The archive ends with an entry named
 * "TRAILER!!!". Everything is owned by root (uid and gid 0).
 *
 * Chapter 12 writes one into memory (cpio_one_file); tests/svm/mkcpio
 * writes a directory tree to stdout with it.
 *
 * Introduced in chapter 12.
 */
#ifndef KVM101_CPIO_H
#define KVM101_CPIO_H

#include <stddef.h>
#include <stdio.h>

struct cpio {
    FILE *out;
    unsigned long long written; /* bytes so far, for the padding */
    unsigned long inode;        /* each entry gets the next number */
};

void cpio_init(struct cpio *cpio, FILE *out);

/* An entry's header and name: `mode` is st_mode's bits (S_IFREG | 0755),
 * `size` the bytes of data that follow (cpio_data, then cpio_pad).
 * Returns 0, or -1 with errno set (EINVAL: a size over 4 GiB - 1, which the
 * 8-digit field cannot hold). */
int cpio_header(struct cpio *cpio, const char *name, unsigned mode,
                unsigned long long size);
/* Some of an entry's data. */
int cpio_data(struct cpio *cpio, const void *data, size_t size);
/* Zeros up to the next multiple of 4 bytes, after an entry's data. */
int cpio_pad(struct cpio *cpio);

/* A whole entry: header, data and padding. */
int cpio_add(struct cpio *cpio, const char *name, unsigned mode,
             const void *data, size_t size);

/* The trailer entry, then fflush. Returns 0, or -1 with errno set. */
int cpio_finish(struct cpio *cpio);

/* A whole archive in memory holding one file: *archive (free() it) and
 * *archive_size. Returns 0, or -1 with errno set and nothing to free. */
int cpio_one_file(const char *name, unsigned mode, const void *data,
                  size_t size, char **archive, size_t *archive_size);

#endif
