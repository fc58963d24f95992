/*
 * linux_files.h - the files a Linux boot starts from: a kernel (a bzImage;
 * Debian's, from make kernel, unless the reader names one) and an
 * initramfs, read and checked. Each refusal is one line on stderr through
 * report.h, and the functions return the chapter's exit code: they exist
 * to tell the reader what is wrong with a file (as diagnose.h does for a
 * dead guest).
 *
 * Introduced in chapter 12.
 */
#ifndef KVM101_LINUX_FILES_H
#define KVM101_LINUX_FILES_H

#include <stddef.h>
#include <stdint.h>

#include "guest.h"
#include "linux_boot.h"

#define LINUX_KERNEL_MAX (64 << 20) /* Debian's bzImage is about 8 MiB */

/* Where make kernel puts Debian's kernel: $KVM101_CACHE/kernel/vmlinuz,
 * or .cache/svm/kernel/vmlinuz. */
const char *linux_default_kernel(void);

/* Read the kernel at `path` (NULL: the default) and check its setup
 * header into *kernel. Returns EXIT_OK, or the exit code after one line:
 * 77 when there is no default kernel, 1 for a file that cannot be read or
 * is not a kernel this loader boots. `memory_size` (the guest's) is for
 * the hints. */
int linux_read_kernel(const char *path, uint64_t memory_size,
                      struct guest_image *file, struct linux_kernel *kernel);

/* Read the initramfs at `path`: at most `memory_size` bytes. Returns
 * EXIT_OK, or the exit code after one line. */
int linux_read_initrd(const char *path, uint64_t memory_size,
                      struct guest_image *image);

/* After linux_boot_load() failed, with its errno: one line on what did
 * not fit, and the exit code. */
int linux_report_load_error(const struct linux_kernel *kernel,
                            uint64_t memory_size);

#endif
