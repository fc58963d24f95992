/*
 * linux_files.c - a Linux boot's kernel and initramfs, read and checked,
 * each refusal one line. Introduced in chapter 12.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "linux_files.h"
#include "report.h"

/* "the guest has 256 MiB": what a file too large must fit in. */
static const char *memory_hint(uint64_t memory_size)
{
    static char hint[64];

    snprintf(hint, sizeof(hint), "the guest has %llu MiB",
             (unsigned long long)memory_size >> 20);
    return hint;
}

/* Read --kernel's or --initrd's file, or say why not (exit code). */
static int read_input(const char *what, const char *path, size_t max,
                      uint64_t memory_size, struct guest_image *image)
{
    if (guest_read_file(path, max, image) == 0)
        return EXIT_OK;
    if (errno == EFBIG)
        return report_problem(memory_hint(memory_size), "%s %s: too large "
                              "(more than %zu MiB)", what, path, max >> 20);
    return report_error_hint("check the file name", "%s %s", what, path);
}

const char *linux_default_kernel(void)
{
    static char path[4096];
    const char *cache = getenv("KVM101_CACHE");

    snprintf(path, sizeof(path), "%s/kernel/vmlinuz",
             cache && *cache ? cache : ".cache/svm");
    return path;
}

// ANCHOR: check_kernel
int linux_read_kernel(const char *path, uint64_t memory_size,
                      struct guest_image *file, struct linux_kernel *kernel)
{
    int exit_code;

    if (!path && access(linux_default_kernel(), F_OK) != 0)
        return report_host_cannot("no kernel at %s — make kernel fetches "
                                  "Debian's (about 70 MB), or pass --kernel "
                                  "FILE", linux_default_kernel());
    path = path ? path : linux_default_kernel();
    exit_code = read_input("--kernel", path, LINUX_KERNEL_MAX, memory_size,
                           file);
    if (exit_code != EXIT_OK)
        return exit_code;
    if (linux_kernel_check(file->data, file->size, kernel) == 0)
        return EXIT_OK;
    if (errno == ENOEXEC)
        return report_problem("give a bzImage, such as /boot/vmlinuz-*",
                              "%s is not a Linux bzImage (no boot sector "
                              "with a \"HdrS\" setup header)", path);
    if (errno == EPROTONOSUPPORT)
        return report_problem("this loader needs protocol 2.06 or later "
                              "(Linux 2.6.22)", "%s speaks boot protocol "
                              "%u.%02u", path, kernel->version >> 8,
                              kernel->version & 0xff);
    return report_problem("this loader enters at the 64-bit entry point: "
                          "give a 64-bit kernel from Linux 3.8 on",
                          "%s has no 64-bit entry point (protocol %u.%02u)",
                          path, kernel->version >> 8, kernel->version & 0xff);
}
// ANCHOR_END: check_kernel

int linux_read_initrd(const char *path, uint64_t memory_size,
                      struct guest_image *image)
{
    return read_input("--initrd", path, memory_size, memory_size, image);
}

int linux_report_load_error(const struct linux_kernel *kernel,
                            uint64_t memory_size)
{
    if (errno == E2BIG)
        return report_problem("shorten it", "the command line is longer "
                              "than this kernel's %u bytes",
                              kernel->cmdline_size);
    if (errno == ENOMEM)
        return report_problem(memory_hint(memory_size), "the kernel needs "
                              "%u MiB where it runs, and that does not fit",
                              kernel->init_size >> 20);
    return report_problem("give a smaller initramfs", "the initramfs does "
                          "not fit in memory beside the kernel");
}
