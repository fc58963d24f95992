/*
 * Unit tests for common/elf_loader.c: ELF64 images built by hand in memory
 * (an Elf64_Ehdr, a program header table and segment bytes), loaded into
 * guest memory that is plain host memory (no KVM). A sound image loads;
 * each malformed one is refused with its own result, and a refused image
 * writes nothing to guest memory.
 */
#include <elf.h>
#include <stdlib.h>
#include <string.h>

#include "elf_loader.h"
#include "guest.h"
#include "harness.h"

GUEST_EMBEDDED(guest_07_hypercalls);

#define MEMORY_SIZE 0x100000 /* 1 MiB of guest memory at 0 */
#define FILL 0x5a            /* what guest memory holds before a load */

/* The sound image: a header, three program headers at 0x40 (code, data
 * with a .bss, and a PT_GNU_STACK that is not loaded), code bytes at
 * 0x100 and data bytes at 0x140.
 *
 *   code  file 0x100-0x13f  -> 0x10000-0x1003f     R X
 *   data  file 0x140-0x15f  -> 0x20000-0x20fff     R W  (0x20 in the file)
 *   entry 0x10010
 */
#define CODE_OFFSET 0x100
#define CODE_ADDRESS 0x10000
#define CODE_SIZE 0x40
#define DATA_OFFSET 0x140
#define DATA_ADDRESS 0x20000
#define DATA_FILE_SIZE 0x20
#define DATA_MEMORY_SIZE 0x1000
#define ENTRY 0x10010
#define FILE_SIZE 0x160

static uint8_t *memory;
static struct vm vm;

/* The file being built, 8-byte aligned; one byte more for tests that
 * move it to an odd address. */
static uint64_t storage[(FILE_SIZE + 64) / 8 + 1];
static uint8_t *const file = (uint8_t *)storage;
static Elf64_Ehdr header;
static Elf64_Phdr ph[3];

static void set_up(void)
{
    memory = malloc(MEMORY_SIZE);
    ck_assert_ptr_nonnull(memory);
    memset(memory, FILL, MEMORY_SIZE);
    vm = (struct vm){.fd = -1, .slot_count = 1};
    vm.slots[0] = (struct vm_slot){0, MEMORY_SIZE, memory, 0};

    header = (Elf64_Ehdr){
        .e_ident = {ELFMAG0, ELFMAG1, ELFMAG2, ELFMAG3, ELFCLASS64,
                    ELFDATA2LSB, EV_CURRENT, ELFOSABI_SYSV},
        .e_type = ET_EXEC,
        .e_machine = EM_X86_64,
        .e_version = EV_CURRENT,
        .e_entry = ENTRY,
        .e_phoff = sizeof(Elf64_Ehdr),
        .e_ehsize = sizeof(Elf64_Ehdr),
        .e_phentsize = sizeof(Elf64_Phdr),
        .e_phnum = 3,
    };
    ph[0] = (Elf64_Phdr){.p_type = PT_LOAD,
                         .p_flags = PF_R | PF_X,
                         .p_offset = CODE_OFFSET,
                         .p_vaddr = CODE_ADDRESS,
                         .p_paddr = CODE_ADDRESS,
                         .p_filesz = CODE_SIZE,
                         .p_memsz = CODE_SIZE,
                         .p_align = 0x1000};
    ph[1] = (Elf64_Phdr){.p_type = PT_LOAD,
                         .p_flags = PF_R | PF_W,
                         .p_offset = DATA_OFFSET,
                         .p_vaddr = DATA_ADDRESS,
                         .p_paddr = DATA_ADDRESS,
                         .p_filesz = DATA_FILE_SIZE,
                         .p_memsz = DATA_MEMORY_SIZE,
                         .p_align = 0x1000};
    ph[2] = (Elf64_Phdr){.p_type = PT_GNU_STACK, .p_flags = PF_R | PF_W};

    memset(storage, 0, sizeof(storage));
    for (int i = 0; i < CODE_SIZE; i++)
        file[CODE_OFFSET + i] = (uint8_t)(0xc0 + i); /* "code" */
    for (int i = 0; i < DATA_FILE_SIZE; i++)
        file[DATA_OFFSET + i] = (uint8_t)(0x10 + i); /* "data" */
}

static void tear_down(void)
{
    free(memory);
}

/* Write header and ph[] into the file (at e_phoff, whatever it is), as
 * far as the file has room. */
static void build(void)
{
    memcpy(file, &header, sizeof(header));
    for (int i = 0; i < 3; i++) {
        uint64_t at = header.e_phoff + i * sizeof(Elf64_Phdr);

        if (header.e_phoff < FILE_SIZE && at + sizeof(Elf64_Phdr) <= FILE_SIZE)
            memcpy(file + at, &ph[i], sizeof(ph[i]));
    }
}

/* (A plain loop, not ck_assert per byte: each ck_assert is a write to
 * Check's pipe, and a megabyte of them takes seconds.) */
static void assert_memory_untouched(void)
{
    for (size_t i = 0; i < MEMORY_SIZE; i++)
        if (memory[i] != FILL)
            ck_abort_msg("a refused image wrote %#x at guest address %#zx",
                         memory[i], i);
}

/* Build, load `size` bytes of the file, expect `expected`, and check that
 * guest memory was left alone. */
static void expect_refused(size_t size, enum elf_result expected)
{
    struct elf_info info;
    enum elf_result result;

    build();
    result = elf_load(&vm, file, size, &info);
    ck_assert_msg(result == expected, "elf_load gave %d (%s), expected %d (%s)",
                  result, elf_result_text(result), expected,
                  elf_result_text(expected));
    assert_memory_untouched();
}

static void expect_loaded(struct elf_info *info)
{
    enum elf_result result;

    build();
    result = elf_load(&vm, file, FILE_SIZE, info);
    ck_assert_msg(result == ELF_OK, "a sound image was refused: %s",
                  elf_result_text(result));
}

/* --- a sound image ------------------------------------------------------ */

START_TEST(sound_image_loads_its_segments_and_zeroes_the_bss)
{
    struct elf_info info;

    expect_loaded(&info);
    ck_assert_msg(memcmp(memory + CODE_ADDRESS, file + CODE_OFFSET,
                         CODE_SIZE) == 0,
                  "the code segment was not copied to its p_paddr");
    ck_assert_msg(memcmp(memory + DATA_ADDRESS, file + DATA_OFFSET,
                         DATA_FILE_SIZE) == 0,
                  "the data segment was not copied to its p_paddr");
    for (size_t i = DATA_ADDRESS + DATA_FILE_SIZE;
         i < DATA_ADDRESS + DATA_MEMORY_SIZE; i++)
        if (memory[i] != 0)
            ck_abort_msg(".bss byte at %#zx is %#x, not 0", i, memory[i]);
    /* Not one byte more on either side of each segment. */
    ck_assert_uint_eq(memory[CODE_ADDRESS - 1], FILL);
    ck_assert_uint_eq(memory[CODE_ADDRESS + CODE_SIZE], FILL);
    ck_assert_uint_eq(memory[DATA_ADDRESS - 1], FILL);
    ck_assert_uint_eq(memory[DATA_ADDRESS + DATA_MEMORY_SIZE], FILL);
    ck_assert_uint_eq(info.entry, ENTRY);
    ck_assert_int_eq(info.segments, 2); /* PT_GNU_STACK is not loaded */
    ck_assert_uint_eq(info.lowest, CODE_ADDRESS);
    ck_assert_uint_eq(info.highest, DATA_ADDRESS + DATA_MEMORY_SIZE);
}
END_TEST

START_TEST(segments_load_at_p_paddr_not_p_vaddr)
{
    struct elf_info info;

    /* A higher-half link: the virtual address is not where it goes. */
    ph[0].p_vaddr = 0xffffffff80010000ull;
    expect_loaded(&info);
    ck_assert(memcmp(memory + CODE_ADDRESS, file + CODE_OFFSET, CODE_SIZE) ==
              0);
}
END_TEST

START_TEST(segments_that_touch_do_not_overlap)
{
    struct elf_info info;

    ph[1].p_paddr = CODE_ADDRESS + CODE_SIZE; /* right after the code */
    expect_loaded(&info);
    ck_assert_uint_eq(info.highest,
                      CODE_ADDRESS + CODE_SIZE + DATA_MEMORY_SIZE);
}
END_TEST

START_TEST(segment_ending_at_the_last_byte_of_memory_fits)
{
    struct elf_info info;

    ph[1].p_paddr = MEMORY_SIZE - DATA_MEMORY_SIZE;
    expect_loaded(&info);
    ck_assert_uint_eq(info.highest, MEMORY_SIZE);
    ck_assert_uint_eq(memory[MEMORY_SIZE - 1], 0); /* its .bss */
}
END_TEST

START_TEST(entry_at_the_last_byte_of_the_code_is_accepted)
{
    struct elf_info info;

    header.e_entry = CODE_ADDRESS + CODE_SIZE - 1;
    expect_loaded(&info);
    ck_assert_uint_eq(info.entry, CODE_ADDRESS + CODE_SIZE - 1);
}
END_TEST

START_TEST(program_headers_at_an_odd_offset_still_load)
{
    struct elf_info info;

    /* 0x41: every field of the table is misaligned; the loader must copy
     * it out rather than read it in place (UBSan would say so). */
    header.e_phoff = 0x41;
    expect_loaded(&info);
    ck_assert_int_eq(info.segments, 2);
    ck_assert(memcmp(memory + DATA_ADDRESS, file + DATA_OFFSET,
                     DATA_FILE_SIZE) == 0);
}
END_TEST

START_TEST(file_at_an_odd_address_still_loads)
{
    uint8_t *odd = (uint8_t *)storage + 1;
    struct elf_info info;
    enum elf_result result;

    build();
    memmove(odd, file, FILE_SIZE);
    result = elf_load(&vm, odd, FILE_SIZE, &info);
    ck_assert_msg(result == ELF_OK, "misaligned file refused: %s",
                  elf_result_text(result));
    ck_assert_uint_eq(info.entry, ENTRY);
    ck_assert(memcmp(memory + CODE_ADDRESS, odd + CODE_OFFSET, CODE_SIZE) ==
              0);
}
END_TEST

START_TEST(the_built_in_guest_loads)
{
    struct guest_image image = GUEST_IMAGE(guest_07_hypercalls);
    uint8_t *big = calloc(1, 16 << 20);
    struct vm vm16 = {.fd = -1, .slot_count = 1};
    struct elf_info info;
    enum elf_result result;

    /* Chapter 07's own guest, as the Makefile links it (guest.ld). */
    ck_assert_ptr_nonnull(big);
    vm16.slots[0] = (struct vm_slot){0, 16 << 20, big, 0};
    result = elf_load(&vm16, image.data, image.size, &info);
    ck_assert_msg(result == ELF_OK, "the built-in guest was refused: %s",
                  elf_result_text(result));
    ck_assert_uint_eq(info.entry, 0x100000);
    ck_assert_uint_eq(info.lowest, 0x100000);
    ck_assert_int_ge(info.segments, 1);
    ck_assert_uint_gt(info.highest, info.lowest);
    /* The first bytes of _start: lea rsp, [rip + stack_top]. */
    ck_assert_msg(big[0x100000] == 0x48 && big[0x100001] == 0x8d &&
                      big[0x100002] == 0x25,
                  "not _start's lea rsp at 0x100000: %02x %02x %02x",
                  big[0x100000], big[0x100001], big[0x100002]);
    free(big);
}
END_TEST

START_TEST(the_built_in_guest_cut_in_half_is_truncated)
{
    struct guest_image image = GUEST_IMAGE(guest_07_hypercalls);
    uint8_t *big = malloc(16 << 20);
    struct vm vm16 = {.fd = -1, .slot_count = 1};
    struct elf_info info;
    enum elf_result result;

    ck_assert_ptr_nonnull(big);
    memset(big, FILL, 16 << 20);
    vm16.slots[0] = (struct vm_slot){0, 16 << 20, big, 0};
    result = elf_load(&vm16, image.data, image.size / 2, &info);
    ck_assert_msg(result == ELF_TRUNCATED_SEGMENT,
                  "half the built-in guest gave: %s", elf_result_text(result));
    for (size_t i = 0; i < (16u << 20); i++)
        if (big[i] != FILL)
            ck_abort_msg("a refused image wrote at %#zx", i);
    free(big);
}
END_TEST

/* --- the header --------------------------------------------------------- */

START_TEST(shorter_than_a_header_is_too_small)
{
    expect_refused(sizeof(Elf64_Ehdr) - 1, ELF_TOO_SMALL);
    expect_refused(4, ELF_TOO_SMALL); /* just the magic */
    expect_refused(0, ELF_TOO_SMALL);
}
END_TEST

START_TEST(bad_magic_is_refused)
{
    header.e_ident[EI_MAG1] = 'X';
    expect_refused(FILE_SIZE, ELF_BAD_MAGIC);
    header.e_ident[EI_MAG1] = 'E';
    header.e_ident[EI_MAG0] = 0x7e;
    expect_refused(FILE_SIZE, ELF_BAD_MAGIC);
}
END_TEST

START_TEST(flat_binary_is_not_an_elf_file)
{
    struct elf_info info;
    uint8_t flat[512] = {0xf4}; /* hlt, then zeros: a chapter 03 guest */

    ck_assert_int_eq(elf_load(&vm, flat, sizeof(flat), &info), ELF_BAD_MAGIC);
    assert_memory_untouched();
}
END_TEST

START_TEST(class_32_is_not_64_bit)
{
    header.e_ident[EI_CLASS] = ELFCLASS32;
    expect_refused(FILE_SIZE, ELF_NOT_64_BIT);
    header.e_ident[EI_CLASS] = ELFCLASSNONE;
    expect_refused(FILE_SIZE, ELF_NOT_64_BIT);
}
END_TEST

START_TEST(big_endian_is_refused)
{
    header.e_ident[EI_DATA] = ELFDATA2MSB;
    expect_refused(FILE_SIZE, ELF_NOT_LITTLE_ENDIAN);
}
END_TEST

START_TEST(other_machines_are_refused)
{
    header.e_machine = EM_AARCH64;
    expect_refused(FILE_SIZE, ELF_NOT_X86_64);
    header.e_machine = EM_386;
    expect_refused(FILE_SIZE, ELF_NOT_X86_64);
}
END_TEST

START_TEST(shared_objects_and_relocatables_are_not_executables)
{
    header.e_type = ET_DYN; /* a PIE or a shared library */
    expect_refused(FILE_SIZE, ELF_NOT_EXECUTABLE);
    header.e_type = ET_REL; /* an object file, not linked */
    expect_refused(FILE_SIZE, ELF_NOT_EXECUTABLE);
    header.e_type = ET_CORE;
    expect_refused(FILE_SIZE, ELF_NOT_EXECUTABLE);
}
END_TEST

/* --- the program header table ------------------------------------------- */

START_TEST(program_headers_past_the_end_of_the_file)
{
    header.e_phoff = FILE_SIZE + 1;
    expect_refused(FILE_SIZE, ELF_BAD_PROGRAM_HEADERS);
    header.e_phoff = UINT64_MAX - 8; /* offset + table size would wrap */
    expect_refused(FILE_SIZE, ELF_BAD_PROGRAM_HEADERS);
}
END_TEST

START_TEST(program_header_table_running_past_the_end)
{
    /* Three entries whose last one ends one byte past the file. */
    header.e_phoff = FILE_SIZE - 3 * sizeof(Elf64_Phdr) + 1;
    expect_refused(FILE_SIZE, ELF_BAD_PROGRAM_HEADERS);
    header.e_phoff = sizeof(Elf64_Ehdr);
    header.e_phnum = 0xffff; /* 65535 entries in a 352-byte file */
    expect_refused(FILE_SIZE, ELF_BAD_PROGRAM_HEADERS);
}
END_TEST

/* A chapter's guest has two or three program headers. A table of
 * thousands would make the pairwise overlap check slow before the run's
 * time limit even starts: refused by count, before any is looked at. */
START_TEST(more_program_headers_than_a_guest_needs_are_refused)
{
    enum { HEADERS = ELF_MAX_PROGRAM_HEADERS + 1 };
    static uint64_t big[(sizeof(Elf64_Ehdr) + HEADERS * sizeof(Elf64_Phdr)) /
                        8];
    uint8_t *bytes = (uint8_t *)big;
    struct elf_info info;

    header.e_phnum = HEADERS;
    memcpy(bytes, &header, sizeof(header));
    for (int i = 0; i < HEADERS; i++)
        memcpy(bytes + sizeof(header) + i * sizeof(Elf64_Phdr),
               &ph[i % 2], sizeof(Elf64_Phdr));
    ck_assert_int_eq(elf_load(&vm, bytes, sizeof(big), &info),
                     ELF_TOO_MANY_SEGMENTS);
    assert_memory_untouched();
    ck_assert_str_eq(elf_result_text(ELF_TOO_MANY_SEGMENTS),
                     "it has more than 16 program headers, more than a "
                     "guest needs");
}
END_TEST

START_TEST(program_header_entries_of_the_wrong_size)
{
    header.e_phentsize = sizeof(Elf32_Phdr);
    expect_refused(FILE_SIZE, ELF_BAD_PROGRAM_HEADERS);
}
END_TEST

START_TEST(no_pt_load_segment)
{
    ph[0].p_type = PT_NOTE;
    ph[1].p_type = PT_NULL;
    expect_refused(FILE_SIZE, ELF_NO_SEGMENTS);
}
END_TEST

START_TEST(no_program_headers_at_all)
{
    header.e_phnum = 0;
    expect_refused(FILE_SIZE, ELF_NO_SEGMENTS);
}
END_TEST

/* --- segments ----------------------------------------------------------- */

START_TEST(segment_bytes_past_the_end_of_the_file_are_truncated)
{
    ph[1].p_filesz = FILE_SIZE - DATA_OFFSET + 1; /* one byte too many */
    expect_refused(FILE_SIZE, ELF_TRUNCATED_SEGMENT);
    /* The same image, cut short by the reader's copy. */
    ph[1].p_filesz = DATA_FILE_SIZE;
    expect_refused(DATA_OFFSET + DATA_FILE_SIZE - 1, ELF_TRUNCATED_SEGMENT);
}
END_TEST

START_TEST(segment_offset_past_the_end_is_truncated)
{
    ph[1].p_offset = FILE_SIZE + 1;
    ph[1].p_filesz = 0;
    expect_refused(FILE_SIZE, ELF_TRUNCATED_SEGMENT);
}
END_TEST

START_TEST(segment_offset_plus_size_that_overflows_is_truncated)
{
    /* p_offset + p_filesz wraps around 2^64 to a small number. */
    ph[1].p_offset = UINT64_MAX - 0x10;
    ph[1].p_filesz = 0x40;
    ph[1].p_memsz = 0x1000;
    expect_refused(FILE_SIZE, ELF_TRUNCATED_SEGMENT);
    ph[1].p_offset = DATA_OFFSET;
    ph[1].p_filesz = UINT64_MAX - DATA_OFFSET + 2; /* sum wraps to 1 */
    ph[1].p_memsz = UINT64_MAX;
    expect_refused(FILE_SIZE, ELF_TRUNCATED_SEGMENT);
}
END_TEST

START_TEST(file_size_larger_than_memory_size)
{
    ph[1].p_filesz = DATA_FILE_SIZE;
    ph[1].p_memsz = DATA_FILE_SIZE - 1;
    expect_refused(FILE_SIZE, ELF_BAD_SEGMENT_SIZE);
}
END_TEST

START_TEST(segment_past_the_end_of_guest_memory)
{
    ph[1].p_paddr = MEMORY_SIZE; /* starts right after memory */
    expect_refused(FILE_SIZE, ELF_SEGMENT_OUTSIDE_MEMORY);
    ph[1].p_paddr = MEMORY_SIZE - DATA_MEMORY_SIZE + 1; /* last byte out */
    expect_refused(FILE_SIZE, ELF_SEGMENT_OUTSIDE_MEMORY);
    ph[1].p_paddr = 0x40000000; /* 1 GiB */
    expect_refused(FILE_SIZE, ELF_SEGMENT_OUTSIDE_MEMORY);
}
END_TEST

START_TEST(segment_whose_end_wraps_2_64_is_outside_memory)
{
    /* p_paddr + p_memsz wraps to a small address inside memory. */
    ph[1].p_paddr = UINT64_MAX - 0xf;
    expect_refused(FILE_SIZE, ELF_SEGMENT_OUTSIDE_MEMORY);
    ph[1].p_paddr = DATA_ADDRESS;
    ph[1].p_memsz = UINT64_MAX - DATA_ADDRESS + 0x100; /* end wraps to 0xff */
    expect_refused(FILE_SIZE, ELF_SEGMENT_OUTSIDE_MEMORY);
}
END_TEST

START_TEST(overlapping_segments_are_refused)
{
    ph[1].p_paddr = CODE_ADDRESS + CODE_SIZE - 1; /* shares one byte */
    expect_refused(FILE_SIZE, ELF_OVERLAPPING_SEGMENTS);
    ph[1].p_paddr = CODE_ADDRESS; /* the same place */
    expect_refused(FILE_SIZE, ELF_OVERLAPPING_SEGMENTS);
}
END_TEST

START_TEST(overlap_is_found_where_memory_ends_at_2_to_the_64)
{
    /* Memory whose last byte is 0xffffffffffffffff: "address + size" of a
     * segment that ends there is 2^64, which wraps to 0 (found by make
     * fuzz). The two segments share their last 0x800 bytes. */
    const uint64_t top = 0 - (uint64_t)MEMORY_SIZE;

    vm.slots[0].guest_phys = top;
    ph[0].p_paddr = top + MEMORY_SIZE - 0x1000;
    ph[0].p_memsz = 0x1000;
    ph[1].p_paddr = top + MEMORY_SIZE - 0x800;
    ph[1].p_memsz = 0x800;
    ph[1].p_filesz = 0x10;
    header.e_entry = ph[0].p_paddr;
    expect_refused(FILE_SIZE, ELF_OVERLAPPING_SEGMENTS);
}
END_TEST

START_TEST(a_bss_reaching_into_the_next_segment_overlaps)
{
    /* Data below the code, its .bss (not its file bytes) running into it. */
    ph[1].p_paddr = CODE_ADDRESS - DATA_MEMORY_SIZE + 1;
    expect_refused(FILE_SIZE, ELF_OVERLAPPING_SEGMENTS);
}
END_TEST

START_TEST(entry_outside_every_segment)
{
    header.e_entry = 0x50000;
    expect_refused(FILE_SIZE, ELF_BAD_ENTRY);
    header.e_entry = CODE_ADDRESS + CODE_SIZE; /* one past the code */
    expect_refused(FILE_SIZE, ELF_BAD_ENTRY);
    header.e_entry = 0;
    expect_refused(FILE_SIZE, ELF_BAD_ENTRY);
}
END_TEST

START_TEST(entry_in_a_segment_that_is_not_executable)
{
    header.e_entry = DATA_ADDRESS + 4; /* data, R W */
    expect_refused(FILE_SIZE, ELF_BAD_ENTRY);
    header.e_entry = DATA_ADDRESS + DATA_FILE_SIZE; /* its .bss */
    expect_refused(FILE_SIZE, ELF_BAD_ENTRY);
}
END_TEST

START_TEST(a_late_bad_segment_still_writes_nothing)
{
    /* The code segment is sound and checked first; the data segment is
     * not. The code must not have been copied already. */
    ph[1].p_paddr = MEMORY_SIZE;
    expect_refused(FILE_SIZE, ELF_SEGMENT_OUTSIDE_MEMORY);
    ck_assert_uint_eq(memory[CODE_ADDRESS], FILL);
}
END_TEST

/* --- the messages ------------------------------------------------------- */

START_TEST(each_result_has_its_own_sentence)
{
    const char *texts[ELF_BAD_ENTRY + 1];

    for (int r = ELF_OK; r <= ELF_BAD_ENTRY; r++) {
        texts[r] = elf_result_text(r);
        ck_assert_msg(texts[r] && *texts[r], "result %d has no text", r);
        ck_assert_msg(strcmp(texts[r], "unknown ELF loader result") != 0,
                      "result %d is not named", r);
        for (int s = ELF_OK; s < r; s++)
            ck_assert_msg(strcmp(texts[r], texts[s]) != 0,
                          "results %d and %d share the text '%s'", s, r,
                          texts[r]);
    }
    ck_assert_str_eq(elf_result_text(ELF_BAD_MAGIC),
                     "not an ELF file (bad magic number)");
    ck_assert_str_eq(elf_result_text((enum elf_result)99),
                     "unknown ELF loader result");
}
END_TEST

Suite *test_suite(void)
{
    Suite *suite = suite_create("unit/elf_loader");
    TCase *sound = tcase_create("sound");
    TCase *header_cases = tcase_create("header");
    TCase *segments = tcase_create("segments");
    TCase *texts = tcase_create("texts");

    tcase_add_checked_fixture(sound, set_up, tear_down);
    tcase_set_timeout(sound, 10);
    tcase_add_test(sound, sound_image_loads_its_segments_and_zeroes_the_bss);
    tcase_add_test(sound, segments_load_at_p_paddr_not_p_vaddr);
    tcase_add_test(sound, segments_that_touch_do_not_overlap);
    tcase_add_test(sound, segment_ending_at_the_last_byte_of_memory_fits);
    tcase_add_test(sound, entry_at_the_last_byte_of_the_code_is_accepted);
    tcase_add_test(sound, program_headers_at_an_odd_offset_still_load);
    tcase_add_test(sound, file_at_an_odd_address_still_loads);
    tcase_add_test(sound, the_built_in_guest_loads);
    tcase_add_test(sound, the_built_in_guest_cut_in_half_is_truncated);
    suite_add_tcase(suite, sound);

    tcase_add_checked_fixture(header_cases, set_up, tear_down);
    tcase_set_timeout(header_cases, 10);
    tcase_add_test(header_cases, shorter_than_a_header_is_too_small);
    tcase_add_test(header_cases, bad_magic_is_refused);
    tcase_add_test(header_cases, flat_binary_is_not_an_elf_file);
    tcase_add_test(header_cases, class_32_is_not_64_bit);
    tcase_add_test(header_cases, big_endian_is_refused);
    tcase_add_test(header_cases, other_machines_are_refused);
    tcase_add_test(header_cases,
                   shared_objects_and_relocatables_are_not_executables);
    tcase_add_test(header_cases, program_headers_past_the_end_of_the_file);
    tcase_add_test(header_cases, program_header_table_running_past_the_end);
    tcase_add_test(header_cases, program_header_entries_of_the_wrong_size);
    tcase_add_test(header_cases, more_program_headers_than_a_guest_needs_are_refused);
    tcase_add_test(header_cases, no_pt_load_segment);
    tcase_add_test(header_cases, no_program_headers_at_all);
    suite_add_tcase(suite, header_cases);

    tcase_add_checked_fixture(segments, set_up, tear_down);
    tcase_set_timeout(segments, 10);
    tcase_add_test(segments,
                   segment_bytes_past_the_end_of_the_file_are_truncated);
    tcase_add_test(segments, segment_offset_past_the_end_is_truncated);
    tcase_add_test(segments,
                   segment_offset_plus_size_that_overflows_is_truncated);
    tcase_add_test(segments, file_size_larger_than_memory_size);
    tcase_add_test(segments, segment_past_the_end_of_guest_memory);
    tcase_add_test(segments, segment_whose_end_wraps_2_64_is_outside_memory);
    tcase_add_test(segments, overlapping_segments_are_refused);
    tcase_add_test(segments, a_bss_reaching_into_the_next_segment_overlaps);
    tcase_add_test(segments, overlap_is_found_where_memory_ends_at_2_to_the_64);
    tcase_add_test(segments, entry_outside_every_segment);
    tcase_add_test(segments, entry_in_a_segment_that_is_not_executable);
    tcase_add_test(segments, a_late_bad_segment_still_writes_nothing);
    suite_add_tcase(suite, segments);

    tcase_set_timeout(texts, 10);
    tcase_add_test(texts, each_result_has_its_own_sentence);
    suite_add_tcase(suite, texts);
    return suite;
}
