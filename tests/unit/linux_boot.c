/*
 * Unit tests for common/linux_boot.c's pure parts: the setup header check
 * and the load into a buffer standing for guest memory, with fake
 * bzImages made of a few header bytes. No KVM, no real kernel.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "linux_boot.h"

#define FAKE_SIZE 8192
#define MEMORY (64ull << 20)

static uint8_t fake[FAKE_SIZE];
static uint8_t *memory;

static void put16(uint8_t *p, unsigned offset, uint16_t value)
{
    p[offset] = value;
    p[offset + 1] = value >> 8;
}

static void put32(uint8_t *p, unsigned offset, uint32_t value)
{
    put16(p, offset, value);
    put16(p, offset + 2, value >> 16);
}

static uint32_t get32(const uint8_t *p, unsigned offset)
{
    return p[offset] | p[offset + 1] << 8 | p[offset + 2] << 16 |
           (uint32_t)p[offset + 3] << 24;
}

/* A bzImage header as Debian's 6.1 kernel has it, scaled down: protocol
 * 2.15, 64-bit entry, 4 setup sectors, 2047-byte command lines. */
static void setup(void)
{
    memset(fake, 0xcc, sizeof(fake));
    memset(fake, 0, 0x300);
    fake[LINUX_SETUP_SECTS] = 4;
    put16(fake, LINUX_BOOT_FLAG, 0xaa55);
    fake[LINUX_JUMP] = 0xeb;
    fake[LINUX_JUMP + 1] = 0x6a; /* the header ends at 0x26c */
    memcpy(fake + LINUX_HEADER, "HdrS", 4);
    put16(fake, LINUX_VERSION, 0x020f);
    fake[LINUX_LOADFLAGS] = LINUX_LOADED_HIGH;
    put32(fake, LINUX_INITRD_ADDR_MAX, 0x7fffffff);
    put32(fake, LINUX_KERNEL_ALIGNMENT, 0x200000);
    put16(fake, LINUX_XLOADFLAGS, 0x7f);
    put32(fake, LINUX_CMDLINE_SIZE, 2047);
    put32(fake, LINUX_PREF_ADDRESS, 0x1000000);
    put32(fake, LINUX_INIT_SIZE, 0x2000000); /* 32 MiB */
    memory = calloc(1, MEMORY);
    ck_assert_ptr_nonnull(memory);
}

static void teardown(void)
{
    free(memory);
}

START_TEST(reads_a_good_header)
{
    struct linux_kernel kernel;

    ck_assert_int_eq(linux_kernel_check(fake, sizeof(fake), &kernel), 0);
    ck_assert_uint_eq(kernel.version, 0x020f);
    ck_assert_uint_eq(kernel.setup_size, 5 * 512);
    ck_assert_uint_eq(kernel.code_size, FAKE_SIZE - 5 * 512);
    ck_assert_ptr_eq(kernel.code, fake + 5 * 512);
    ck_assert_uint_eq(kernel.cmdline_size, 2047);
    ck_assert_uint_eq(kernel.init_size, 0x2000000);
    ck_assert_uint_eq(kernel.pref_address, 0x1000000);
}
END_TEST

START_TEST(zero_setup_sects_means_four)
{
    struct linux_kernel kernel;

    fake[LINUX_SETUP_SECTS] = 0;
    ck_assert_int_eq(linux_kernel_check(fake, sizeof(fake), &kernel), 0);
    ck_assert_uint_eq(kernel.setup_size, 5 * 512);
}
END_TEST

START_TEST(refuses_what_is_not_a_bzimage)
{
    struct linux_kernel kernel;

    errno = 0;
    ck_assert_int_eq(linux_kernel_check(fake, 0x200, &kernel), -1);
    ck_assert_int_eq(errno, ENOEXEC); /* too short */
    fake[LINUX_HEADER] = 'X';
    ck_assert_int_eq(linux_kernel_check(fake, sizeof(fake), &kernel), -1);
    ck_assert_int_eq(errno, ENOEXEC); /* no HdrS */
    memcpy(fake + LINUX_HEADER, "HdrS", 4);
    put16(fake, LINUX_BOOT_FLAG, 0);
    ck_assert_int_eq(linux_kernel_check(fake, sizeof(fake), &kernel), -1);
    ck_assert_int_eq(errno, ENOEXEC); /* no 0xaa55 */
    put16(fake, LINUX_BOOT_FLAG, 0xaa55);
    fake[LINUX_SETUP_SECTS] = 15; /* setup longer than the file */
    ck_assert_int_eq(linux_kernel_check(fake, sizeof(fake), &kernel), -1);
    ck_assert_int_eq(errno, ENOEXEC);
}
END_TEST

START_TEST(refuses_old_protocols)
{
    struct linux_kernel kernel;

    put16(fake, LINUX_VERSION, 0x0205);
    ck_assert_int_eq(linux_kernel_check(fake, sizeof(fake), &kernel), -1);
    ck_assert_int_eq(errno, EPROTONOSUPPORT);
    ck_assert_uint_eq(kernel.version, 0x0205);
    put16(fake, LINUX_VERSION, 0x020b); /* 2.11: no 64-bit entry yet */
    ck_assert_int_eq(linux_kernel_check(fake, sizeof(fake), &kernel), -1);
    ck_assert_int_eq(errno, ENOSYS);
    put16(fake, LINUX_VERSION, 0x020f);
    put16(fake, LINUX_XLOADFLAGS, 0); /* a 32-bit kernel */
    ck_assert_int_eq(linux_kernel_check(fake, sizeof(fake), &kernel), -1);
    ck_assert_int_eq(errno, ENOSYS);
}
END_TEST

START_TEST(loads_and_fills_the_zero_page)
{
    static const uint8_t initrd[5000] = {1, 2, 3};
    struct linux_boot_plan plan;
    struct linux_kernel kernel;
    uint8_t *zero = memory + LINUX_ZERO_PAGE;

    ck_assert_int_eq(linux_kernel_check(fake, sizeof(fake), &kernel), 0);
    ck_assert_int_eq(linux_boot_load(memory, MEMORY, &kernel, initrd,
                                     sizeof(initrd), "console=ttyS0", &plan),
                     0);
    ck_assert_uint_eq(plan.entry, 0x100200);
    ck_assert_uint_eq(plan.zero_page, LINUX_ZERO_PAGE);
    ck_assert_mem_eq(memory + LINUX_KERNEL, fake + 5 * 512, 16);
    ck_assert_str_eq((char *)memory + LINUX_CMDLINE, "console=ttyS0");
    /* The header is copied, and what the loader owns is filled in. */
    ck_assert_mem_eq(zero + LINUX_HEADER, "HdrS", 4);
    ck_assert_uint_eq(zero[LINUX_TYPE_OF_LOADER], 0xff);
    ck_assert_uint_eq(get32(zero, LINUX_CMD_LINE_PTR), LINUX_CMDLINE);
    ck_assert_uint_eq(get32(zero, LINUX_RAMDISK_SIZE), sizeof(initrd));
    /* The initramfs: page-aligned, at the top of memory, after the
     * kernel's 16 MiB + 32 MiB. */
    ck_assert_uint_eq(get32(zero, LINUX_RAMDISK_IMAGE), plan.initrd);
    ck_assert_uint_eq(plan.initrd % 4096, 0);
    ck_assert_uint_le(plan.initrd + sizeof(initrd), MEMORY);
    ck_assert_uint_gt(plan.initrd + sizeof(initrd), MEMORY - 4096);
    ck_assert_mem_eq(memory + plan.initrd, initrd, 3);
    /* e820: four ranges, the last RAM from 1 MiB to the end. */
    ck_assert_uint_eq(zero[LINUX_E820_ENTRIES], 4);
    ck_assert_uint_eq(get32(zero, LINUX_E820_TABLE + 3 * 20), 0x100000);
    ck_assert_uint_eq(get32(zero, LINUX_E820_TABLE + 3 * 20 + 8),
                      MEMORY - 0x100000);
    ck_assert_uint_eq(get32(zero, LINUX_E820_TABLE + 3 * 20 + 16),
                      LINUX_E820_RAM);
    ck_assert_uint_eq(get32(zero, LINUX_E820_TABLE + 1 * 20 + 16),
                      LINUX_E820_RESERVED);
}
END_TEST

START_TEST(initrd_respects_initrd_addr_max)
{
    static const uint8_t initrd[100];
    struct linux_boot_plan plan;
    struct linux_kernel kernel;

    put32(fake, LINUX_INITRD_ADDR_MAX, 0x3ffffff); /* 64 MiB - 1 */
    ck_assert_int_eq(linux_kernel_check(fake, sizeof(fake), &kernel), 0);
    ck_assert_int_eq(linux_boot_load(memory, MEMORY, &kernel, initrd,
                                     sizeof(initrd), "", &plan), 0);
    ck_assert_uint_le(plan.initrd + sizeof(initrd), 0x4000000);
    put32(fake, LINUX_INITRD_ADDR_MAX, 0x37fffff); /* 56 MiB - 1 */
    ck_assert_int_eq(linux_kernel_check(fake, sizeof(fake), &kernel), 0);
    ck_assert_int_eq(linux_boot_load(memory, MEMORY, &kernel, initrd,
                                     sizeof(initrd), "", &plan), 0);
    ck_assert_uint_le(plan.initrd + sizeof(initrd), 0x3800000);
}
END_TEST

START_TEST(refuses_what_does_not_fit_and_writes_nothing)
{
    static uint8_t big_initrd[20 << 20];
    char cmdline[3000];
    struct linux_boot_plan plan;
    struct linux_kernel kernel;

    memset(cmdline, 'a', sizeof(cmdline) - 1);
    cmdline[sizeof(cmdline) - 1] = '\0';
    ck_assert_int_eq(linux_kernel_check(fake, sizeof(fake), &kernel), 0);
    ck_assert_int_eq(linux_boot_load(memory, MEMORY, &kernel, NULL, 0,
                                     cmdline, &plan), -1);
    ck_assert_int_eq(errno, E2BIG);
    /* 16 MiB + 32 MiB of kernel leave 16 MiB: 20 MiB does not fit. */
    ck_assert_int_eq(linux_boot_load(memory, MEMORY, &kernel, big_initrd,
                                     sizeof(big_initrd), "", &plan), -1);
    ck_assert_int_eq(errno, EFBIG);
    ck_assert_int_eq(linux_boot_load(memory, 32 << 20, &kernel, NULL, 0, "",
                                     &plan), -1);
    ck_assert_int_eq(errno, ENOMEM);
    for (size_t i = 0; i < MEMORY; i += 4096)
        ck_assert_uint_eq(memory[i], 0);
}
END_TEST

Suite *test_suite(void)
{
    Suite *suite = suite_create("unit/linux_boot");
    TCase *tc = tcase_create("linux_boot");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, reads_a_good_header);
    tcase_add_test(tc, zero_setup_sects_means_four);
    tcase_add_test(tc, refuses_what_is_not_a_bzimage);
    tcase_add_test(tc, refuses_old_protocols);
    tcase_add_test(tc, loads_and_fills_the_zero_page);
    tcase_add_test(tc, initrd_respects_initrd_addr_max);
    tcase_add_test(tc, refuses_what_does_not_fit_and_writes_nothing);
    suite_add_tcase(suite, tc);
    return suite;
}
