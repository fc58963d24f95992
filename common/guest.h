/*
 * guest.h - guest images: the one built into a chapter binary, or a flat
 * binary file given with --guest, and copying one into guest memory.
 *
 * A flat image is raw machine code and data with no header: byte 0 of the
 * file lands at the load address. The Makefile makes them from guests/NN-name.S
 * with `objcopy -O binary` and links them into the chapter (guests/embed.S).
 *
 * Introduced in chapter 03.
 */
#ifndef KVM101_GUEST_H
#define KVM101_GUEST_H

#include <stddef.h>
#include <stdint.h>

#include "vm.h"

struct guest_image {
    const uint8_t *data;
    size_t size;
    uint8_t *allocated; /* non-NULL when read from a file: free it */
};

/* The image from guests/NN-name.S that the Makefile linked into this program
 * as the symbols guest_NN_name and guest_NN_name_end. */
#define GUEST_EMBEDDED(symbol)                                                 \
    extern const uint8_t symbol[], symbol##_end[]
#define GUEST_IMAGE(symbol)                                                    \
    ((struct guest_image){symbol, (size_t)(symbol##_end - symbol), NULL})

/* How long guest_read_file() waits for a pipe's bytes, in seconds. */
#define GUEST_PIPE_WAIT 5.0

/* Read a flat image of at most max_size bytes from a regular file or a
 * pipe (FIFO), waiting at most `seconds` for a pipe's data. Returns 0, or
 * -1 with errno: ENOENT, EACCES (from the file system), EISDIR (a
 * directory), EINVAL (a device or socket), ETIME (a pipe gave no end in
 * time), ENOEXEC (empty file) or EFBIG (larger than max_size; image->size
 * then says how large; a pipe is read to its end to count it, and 0
 * means it did not end within 256 MiB or the time). */
int guest_read_file_within(const char *path, size_t max_size, double seconds,
                           struct guest_image *image);

/* guest_read_file_within() with GUEST_PIPE_WAIT. */
int guest_read_file(const char *path, size_t max_size,
                    struct guest_image *image);

/* Copy the image into guest memory at guest_phys. Returns 0, or -1 with
 * errno EFBIG when it does not fit in one memory slot. */
int guest_load_flat(struct vm *vm, uint64_t guest_phys,
                    const struct guest_image *image);

/* The chapter's image: `builtin` when path is NULL, else the file at path
 * (at most max_size bytes, a pipe's within `seconds`). Returns 0, or -1
 * as guest_read_file_within(). */
int guest_choose(const char *path, struct guest_image builtin,
                 size_t max_size, double seconds, struct guest_image *image);

void guest_free(struct guest_image *image);

#endif
