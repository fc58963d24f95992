/*
 * Fault tests: what a reader types wrong. Unknown options and bad values
 * (exit 2), and --guest files that are missing, empty, too large or a
 * directory (exit 1); for chapter 07, which takes ELF files, files that
 * are not ELF, 32-bit, truncated or do not fit guest memory (exit 1).
 * Each gives one clear line on stderr.
 */
#include <elf.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "guest.h"
#include "harness.h"

GUEST_EMBEDDED(guest_07_hypercalls);

/* 64 KiB of guest memory minus the load address 0x1000 (chapter 03). */
#define LARGEST_GUEST 61440

/* Every chapter in chapters/, filled by harness_chapters(). */
static const char *chapters[32];

/* Run chapter with up to three arguments (NULL-terminated). */
static void run(struct process *p, const char *chapter, const char *arg1,
                const char *arg2, const char *arg3)
{
    const char *argv[] = {chapter_path(chapter), arg1, arg2, arg3, NULL};

    unsetenv("KVM101_DEVICE"); /* faults come from the options alone */
    ck_assert_int_eq(process_run(p, argv, NULL, 10), 0);
}

/* Ended by itself with `code`, one line on stderr containing `part`, no
 * sanitizer report. */
static void assert_one_line(const struct process *p, int code, const char *part)
{
    ck_assert_msg(!p->timed_out && p->signal == 0,
                  "did not exit by itself (signal %d)", p->signal);
    ck_assert_msg(p->exit_code == code, "exit %d, expected %d; stderr:\n%s",
                  p->exit_code, code, p->err);
    ck_assert_msg(count_occurrences(p->err, "\n") == 1 &&
                      p->err[strlen(p->err) - 1] == '\n',
                  "expected one line on stderr, got:\n%s", p->err);
    ck_assert_msg(strstr(p->err, part), "stderr '%s' lacks '%s'", p->err, part);
    /* Meaningful when KVM101_BUILD is a sanitizer build (SAN=1). */
    ck_assert_msg(!strstr(p->err, "Sanitizer") &&
                      !strstr(p->err, "runtime error:"),
                  "sanitizer report:\n%s", p->err);
}

/* A temporary file holding `size` bytes from `bytes`. The path is a
 * static buffer. */
static char *guest_file_of(const void *bytes, size_t size)
{
    static char path[32];
    int fd;

    strcpy(path, "/tmp/kvm101-guest-XXXXXX");
    fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, bytes, size), (ssize_t)size);
    close(fd);
    return path;
}

/* A temporary file of `size` bytes: HLT (0xf4) first, zeros after. */
static char *guest_file(size_t size)
{
    char *bytes = calloc(1, size + 1);
    char *path;

    bytes[0] = (char)0xf4;
    path = guest_file_of(bytes, size);
    free(bytes);
    return path;
}

/* --- options ---------------------------------------------------------- */

START_TEST(unknown_option_exits_2_in_every_chapter)
{
    for (int i = 0, n = harness_chapters(chapters, 32); i < n; i++) {
        struct process p;
        char expected[256];

        run(&p, chapters[i], "--bogus", NULL, NULL);
        snprintf(expected, sizeof(expected),
                 "%s: unknown option '--bogus' — run '%s --help' for the "
                 "options\n",
                 chapters[i], chapters[i]);
        assert_one_line(&p, 2, expected);
        ck_assert_str_eq(p.err, expected);
        ck_assert_str_eq(p.out, "");
        process_free(&p);
    }
}
END_TEST

START_TEST(guest_options_exit_2_in_chapters_without_a_guest)
{
    static const char *const without_guest[] = {"01-hello-kvm",
                                                "02-vm-and-vcpu"};

    for (size_t i = 0; i < 2; i++) {
        struct process p;

        run(&p, without_guest[i], "--guest", "/tmp/x.bin", NULL);
        assert_one_line(&p, 2, "unknown option '--guest'");
        process_free(&p);
        run(&p, without_guest[i], "--timeout", "1", NULL);
        assert_one_line(&p, 2, "unknown option '--timeout'");
        process_free(&p);
    }
}
END_TEST

START_TEST(bad_timeout_exits_2)
{
    struct process p;

    run(&p, "03-real-mode", "--timeout", "abc", NULL);
    assert_one_line(&p, 2,
                    "03-real-mode: --timeout takes seconds "
                    "(0.001 <= S <= 3600), not 'abc'");
    ck_assert_str_eq(p.out, "");
    process_free(&p);
}
END_TEST

START_TEST(missing_value_exits_2)
{
    struct process p;

    run(&p, "03-real-mode", "--guest", NULL, NULL);
    assert_one_line(&p, 2, "missing value after '--guest'");
    process_free(&p);
}
END_TEST

/* --- --guest files ---------------------------------------------------- */

START_TEST(missing_guest_file_exits_1)
{
    struct process p;

    run(&p, "03-real-mode", "--guest", "/nonexistent/guest.bin", NULL);
    /* Exit 1, not 77: the reader's file is missing, not the host's KVM. */
    assert_one_line(&p, 1,
                    "03-real-mode: --guest /nonexistent/guest.bin: No "
                    "such file or directory — check the file name\n");
    ck_assert_str_eq(p.out, "");
    process_free(&p);
}
END_TEST

START_TEST(empty_guest_file_exits_1_and_suggests_objcopy)
{
    struct process p;
    char *path = guest_file(0);

    run(&p, "03-real-mode", "--guest", path, NULL);
    unlink(path);
    assert_one_line(&p, 1,
                    ": Exec format error — the image is empty; "
                    "build a flat binary with objcopy -O binary");
    ck_assert_str_eq(p.out, "");
    process_free(&p);
}
END_TEST

START_TEST(guest_larger_than_memory_exits_1_and_gives_the_limit)
{
    struct process p;
    char *path = guest_file(70000);

    run(&p, "03-real-mode", "--guest", path, NULL);
    unlink(path);
    assert_one_line(&p, 1,
                    ": File too large — it is 70000 bytes, but at most "
                    "61440 bytes fit at 0x1000 in this chapter's guest "
                    "memory");
    ck_assert_str_eq(p.out, "");
    process_free(&p);
}
END_TEST

START_TEST(one_byte_too_many_is_refused)
{
    struct process p;
    char *path = guest_file(LARGEST_GUEST + 1);

    run(&p, "03-real-mode", "--guest", path, NULL);
    unlink(path);
    assert_one_line(&p, 1, "it is 61441 bytes, but at most 61440 bytes fit");
    process_free(&p);
}
END_TEST

START_TEST(largest_guest_that_fits_runs)
{
    /* HLT at 0x1000, then zeros up to the last byte of guest memory. */
    struct process p;
    char *path;

    REQUIRE_KVM();
    path = guest_file(LARGEST_GUEST);
    run(&p, "03-real-mode", "--guest", path, NULL);
    unlink(path);
    ck_assert_msg(p.exit_code == 0, "exit %d; stderr:\n%s", p.exit_code, p.err);
    ck_assert(strstr(p.out, "(61440 bytes) at 0x1000"));
    ck_assert(strstr(p.out, "host: the guest halted after 1 exit\n"));
    ck_assert_str_eq(p.err, "");
    process_free(&p);
}
END_TEST

/* A FIFO nobody writes to: open() used to block forever, before any time
 * limit. Now the time limit covers waiting for its data. */
START_TEST(fifo_with_no_writer_is_given_up_after_the_timeout)
{
    struct process p;
    char path[64] = "/tmp/kvm101-fifo-XXXXXX";

    ck_assert_ptr_nonnull(mkdtemp(path));
    strcat(path, "/f");
    ck_assert_int_eq(mkfifo(path, 0600), 0);
    {
        const char *argv[] = {chapter_path("03-real-mode"), "--guest", path,
                              "--timeout", "0.5", NULL};

        unsetenv("KVM101_DEVICE");
        ck_assert_int_eq(process_run(&p, argv, NULL, 10), 0);
    }
    unlink(path);
    *strrchr(path, '/') = '\0';
    rmdir(path);
    assert_one_line(&p, 1, ": Timer expired — nothing came through the pipe "
                           "within the time limit; is anything writing to "
                           "it? (or raise --timeout)");
    ck_assert_str_eq(p.out, "");
    process_free(&p);
}
END_TEST

START_TEST(a_device_as_guest_file_is_refused)
{
    struct process p;

    run(&p, "03-real-mode", "--guest", "/dev/zero", NULL);
    assert_one_line(&p, 1, "03-real-mode: --guest /dev/zero: Invalid argument "
                           "— give a regular file or a pipe (such as "
                           "/dev/stdin), not a device\n");
    process_free(&p);
}
END_TEST

START_TEST(a_guest_path_containing_dev_kvm_is_a_file_error)
{
    struct process p;

    run(&p, "03-real-mode", "--guest", "/nonexistent/dev/kvm", NULL);
    assert_one_line(&p, 1, "03-real-mode: --guest /nonexistent/dev/kvm: No "
                           "such file or directory — check the file name\n");
    process_free(&p);
}
END_TEST

START_TEST(too_large_elf_file_says_how_much_memory_there_is)
{
    struct process p;
    char *path = guest_file((16 << 20) + 1);

    run(&p, "07-hypercalls", "--guest", path, NULL);
    unlink(path);
    assert_one_line(&p, 1, ": File too large — it is 16777217 bytes, but this "
                           "chapter's guest memory holds 16777216");
    ck_assert_msg(!strstr(p.err, " at 0"), "stderr: %s", p.err);
    process_free(&p);
}
END_TEST

START_TEST(guest_file_that_is_a_directory_exits_1)
{
    struct process p;

    run(&p, "03-real-mode", "--guest", "/tmp", NULL);
    assert_one_line(&p, 1,
                    "03-real-mode: --guest /tmp: Is a directory — "
                    "give the path of a file, not a directory\n");
    process_free(&p);
}
END_TEST

/* --- chapter 07: ELF files ----------------------------------------------- */

/* The 64-bit code of the hand-built ELF guests: HC_EXIT(0) over chapter
 * 07's transport, then hlt. */
static const uint8_t exit_0_code[] = {
    0xb8, 0x02, 0x00, 0x00, 0x00, /* mov eax, HC_EXIT */
    0x31, 0xdb,                   /* xor ebx, ebx       status 0 */
    0xba, 0x00, 0x0f, 0x00, 0x00, /* mov edx, HYPERCALL_PORT */
    0xef,                         /* out dx, eax */
    0xf4,                         /* hlt */
};

/* An ELF64 executable built by hand: a header, one PT_LOAD program header
 * and the code right after it, loaded at `address` with `memory_size`
 * bytes in memory, entry at its first byte. Returns its size. */
static size_t elf64_by_hand(uint8_t *file, uint64_t address,
                            uint64_t memory_size)
{
    const size_t code_offset = sizeof(Elf64_Ehdr) + sizeof(Elf64_Phdr);
    Elf64_Ehdr header = {
        .e_ident = {ELFMAG0, ELFMAG1, ELFMAG2, ELFMAG3, ELFCLASS64,
                    ELFDATA2LSB, EV_CURRENT},
        .e_type = ET_EXEC,
        .e_machine = EM_X86_64,
        .e_version = EV_CURRENT,
        .e_entry = address,
        .e_phoff = sizeof(Elf64_Ehdr),
        .e_ehsize = sizeof(Elf64_Ehdr),
        .e_phentsize = sizeof(Elf64_Phdr),
        .e_phnum = 1,
    };
    Elf64_Phdr segment = {
        .p_type = PT_LOAD,
        .p_flags = PF_R | PF_X,
        .p_offset = code_offset,
        .p_vaddr = address,
        .p_paddr = address,
        .p_filesz = sizeof(exit_0_code),
        .p_memsz = memory_size,
    };

    memcpy(file, &header, sizeof(header));
    memcpy(file + sizeof(header), &segment, sizeof(segment));
    memcpy(file + code_offset, exit_0_code, sizeof(exit_0_code));
    return code_offset + sizeof(exit_0_code);
}

/* A device path that names nothing: a chapter that opened it would say
 * so instead of judging the file. */
#define NO_DEVICE "KVM101_DEVICE=/nonexistent/kvm101-no-such-device"

/* Run chapter 07 on `bytes` as --guest: one line on stderr, exit 1,
 * "07-hypercalls: <path>: <problem> — <the hint>", nothing on stdout.
 * With `without_kvm`, KVM101_DEVICE names a missing device: the chapter
 * must judge the file before it opens /dev/kvm. Whether a segment fits
 * guest memory is decided against the VM's slots, so that case runs with
 * the real device (and REQUIRE_KVM()). */
static void assert_elf_refused(const void *bytes, size_t size,
                               const char *problem, bool without_kvm)
{
    const char *const no_device[] = {NO_DEVICE, NULL};
    char expected[512];
    struct process p;
    char *path;

    path = guest_file_of(bytes, size);
    if (without_kvm) {
        const char *argv[] = {chapter_path("07-hypercalls"), "--guest",
                              path, NULL};

        ck_assert_int_eq(process_run(&p, argv, no_device, 10), 0);
    } else {
        run(&p, "07-hypercalls", "--guest", path, NULL);
    }
    unlink(path);
    snprintf(expected, sizeof(expected),
             "07-hypercalls: %s: %s — build guests with guests/lib/guest.ld, "
             "as the Makefile does\n",
             path, problem);
    assert_one_line(&p, 1, problem);
    ck_assert_str_eq(p.err, expected);
    ck_assert_str_eq(p.out, "");
    process_free(&p);
}

START_TEST(hand_built_elf64_runs_in_chapter_07)
{
    /* The control for the two tests after it: this builder's file runs. */
    uint8_t file[256];
    size_t size = elf64_by_hand(file, 0x100000, sizeof(exit_0_code));
    struct process p;
    char *path;

    REQUIRE_KVM();
    path = guest_file_of(file, size);
    run(&p, "07-hypercalls", "--guest", path, NULL);
    unlink(path);
    ck_assert_msg(p.exit_code == 0, "exit %d; stderr:\n%s", p.exit_code,
                  p.err);
    ck_assert_msg(strstr(p.out, ": 1 segment at 0x100000-0x10000d, entry "
                                "0x100000\n"),
                  "stdout:\n%s", p.out);
    ck_assert(strstr(p.out, "host: the guest exited after 1 exit, 1 "
                            "hypercall (0 refused)\nhost: exit status 0\n"));
    ck_assert_str_eq(p.err, "");
    process_free(&p);
}
END_TEST

START_TEST(flat_binary_is_not_an_elf_file)
{
    /* A chapter 03-style flat image: HLT and zeros. */
    uint8_t flat[4096] = {0xf4};

    assert_elf_refused(flat, sizeof(flat),
                       "not an ELF file (bad magic number)", true);
}
END_TEST

START_TEST(elf32_file_is_not_64_bit)
{
    /* An i386 executable, as `ld -m elf_i386` would make: a 32-bit header
     * and program header, and one hlt at 1 MiB. */
    uint8_t file[sizeof(Elf32_Ehdr) + sizeof(Elf32_Phdr) + 1];
    Elf32_Ehdr header = {
        .e_ident = {ELFMAG0, ELFMAG1, ELFMAG2, ELFMAG3, ELFCLASS32,
                    ELFDATA2LSB, EV_CURRENT},
        .e_type = ET_EXEC,
        .e_machine = EM_386,
        .e_version = EV_CURRENT,
        .e_entry = 0x100000,
        .e_phoff = sizeof(Elf32_Ehdr),
        .e_ehsize = sizeof(Elf32_Ehdr),
        .e_phentsize = sizeof(Elf32_Phdr),
        .e_phnum = 1,
    };
    Elf32_Phdr segment = {
        .p_type = PT_LOAD,
        .p_offset = sizeof(Elf32_Ehdr) + sizeof(Elf32_Phdr),
        .p_vaddr = 0x100000,
        .p_paddr = 0x100000,
        .p_filesz = 1,
        .p_memsz = 1,
        .p_flags = PF_R | PF_X,
    };

    memcpy(file, &header, sizeof(header));
    memcpy(file + sizeof(header), &segment, sizeof(segment));
    file[sizeof(file) - 1] = 0xf4;
    assert_elf_refused(file, sizeof(file),
                       "not a 64-bit ELF file (wrong class)", true);
}
END_TEST

START_TEST(empty_file_is_too_small_for_an_elf_header)
{
    struct process p;
    char expected[256];
    char *path;
    const char *argv[] = {chapter_path("07-hypercalls"), "--guest", NULL,
                          NULL};
    const char *const no_device[] = {NO_DEVICE, NULL};

    /* Refused before /dev/kvm is opened (here it names no device), and
     * not with chapter 03's "build a flat binary" hint: this chapter
     * takes ELF. */
    path = guest_file(0);
    argv[2] = path;
    ck_assert_int_eq(process_run(&p, argv, no_device, 10), 0);
    unlink(path);
    snprintf(expected, sizeof(expected),
             "07-hypercalls: %s: too small for an ELF header — build guests "
             "with guests/lib/guest.ld, as the Makefile does\n",
             path);
    assert_one_line(&p, 1, "too small for an ELF header");
    ck_assert_str_eq(p.err, expected);
    process_free(&p);
}
END_TEST

START_TEST(truncated_elf_file_is_refused)
{
    /* The chapter's own guest, cut in half: its segment's bytes are in
     * the half that is missing. */
    struct guest_image image = GUEST_IMAGE(guest_07_hypercalls);

    assert_elf_refused(image.data, image.size / 2,
                       "a segment's bytes run past the end of the file "
                       "(truncated)", true);
}
END_TEST

START_TEST(elf_segment_outside_16_mib_is_refused)
{
    uint8_t file[256];
    size_t size;

    REQUIRE_KVM();
    /* Starting 4 KiB below the end of guest memory, 8 KiB long. */
    size = elf64_by_hand(file, 0xfff000, 0x2000);
    assert_elf_refused(file, size,
                       "a segment lies outside the guest memory it may "
                       "use",
                       false);
    /* Entirely above it. */
    size = elf64_by_hand(file, 16 << 20, sizeof(exit_0_code));
    assert_elf_refused(file, size,
                       "a segment lies outside the guest memory it may "
                       "use",
                       false);
}
END_TEST

/* --- output that cannot be written ----------------------------------------- */

/* Run chapter 01 with its stdout on /dev/full (full) or closed (NULL), and
 * stderr into a pipe. Returns the exit code; err gets stderr's text. */
static int run_with_stdout(const char *stdout_path, char *err, size_t size)
{
    int fds[2], status;
    ssize_t n, total = 0;
    pid_t pid;

    ck_assert_int_eq(pipe(fds), 0);
    pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        const char *path = chapter_path("01-hello-kvm");

        dup2(fds[1], 2);
        close(fds[0]);
        close(fds[1]);
        close(1);
        if (stdout_path && open(stdout_path, O_WRONLY) != 1)
            _exit(99);
        unsetenv("KVM101_DEVICE");
        execl(path, path, (char *)NULL);
        _exit(98);
    }
    close(fds[1]);
    while (total < (ssize_t)size - 1 &&
           (n = read(fds[0], err + total, size - 1 - total)) > 0)
        total += n;
    err[total] = '\0';
    close(fds[0]);
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert(WIFEXITED(status));
    return WEXITSTATUS(status);
}

START_TEST(a_full_stdout_is_an_error)
{
    char err[2048];
    int code;

    REQUIRE_KVM();
    code = run_with_stdout("/dev/full", err, sizeof(err));
    ck_assert_msg(code == 1, "exit %d; stderr:\n%s", code, err);
    ck_assert_msg(strstr(err, "01-hello-kvm: writing standard output: No "
                              "space left on device — "),
                  "stderr:\n%s", err);
}
END_TEST

START_TEST(a_closed_stdout_is_an_error_and_kvm_never_takes_fd_1)
{
    char err[2048];
    int code;

    REQUIRE_KVM();
    code = run_with_stdout(NULL, err, sizeof(err));
    ck_assert_msg(code == 1, "exit %d; stderr:\n%s", code, err);
    ck_assert_msg(strstr(err, "01-hello-kvm: writing standard output: Bad "
                              "file descriptor — "),
                  "stderr:\n%s", err);
    /* The trace would show "= 1" had /dev/kvm opened as fd 1. */
    ck_assert_msg(!strstr(err, "= 1\n"), "stderr:\n%s", err);
}
END_TEST

Suite *test_suite(void)
{
    Suite *suite = suite_create("faults/usage");
    TCase *options = tcase_create("options");
    TCase *files = tcase_create("guest_files");
    TCase *elf = tcase_create("elf_files");

    tcase_set_timeout(options, 30);
    tcase_add_test(options, unknown_option_exits_2_in_every_chapter);
    tcase_add_test(options, guest_options_exit_2_in_chapters_without_a_guest);
    tcase_add_test(options, bad_timeout_exits_2);
    tcase_add_test(options, missing_value_exits_2);
    suite_add_tcase(suite, options);

    tcase_set_timeout(files, 30);
    tcase_add_test(files, missing_guest_file_exits_1);
    tcase_add_test(files, empty_guest_file_exits_1_and_suggests_objcopy);
    tcase_add_test(files, guest_larger_than_memory_exits_1_and_gives_the_limit);
    tcase_add_test(files, one_byte_too_many_is_refused);
    tcase_add_test(files, largest_guest_that_fits_runs);
    tcase_add_test(files, guest_file_that_is_a_directory_exits_1);
    tcase_add_test(files, a_full_stdout_is_an_error);
    tcase_add_test(files, a_closed_stdout_is_an_error_and_kvm_never_takes_fd_1);
    tcase_add_test(files, fifo_with_no_writer_is_given_up_after_the_timeout);
    tcase_add_test(files, a_device_as_guest_file_is_refused);
    tcase_add_test(files, a_guest_path_containing_dev_kvm_is_a_file_error);
    tcase_add_test(files, too_large_elf_file_says_how_much_memory_there_is);
    suite_add_tcase(suite, files);

    tcase_set_timeout(elf, 30);
    tcase_add_test(elf, hand_built_elf64_runs_in_chapter_07);
    tcase_add_test(elf, flat_binary_is_not_an_elf_file);
    tcase_add_test(elf, elf32_file_is_not_64_bit);
    tcase_add_test(elf, empty_file_is_too_small_for_an_elf_header);
    tcase_add_test(elf, truncated_elf_file_is_refused);
    tcase_add_test(elf, elf_segment_outside_16_mib_is_refused);
    suite_add_tcase(suite, elf);
    return suite;
}
