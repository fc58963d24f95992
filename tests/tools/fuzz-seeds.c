/*
 * fuzz-seeds.c - writes the seed corpora of `make fuzz` (tests/fuzz/):
 * small hand-built inputs that reach past the first checks, so the fuzzer
 * starts from sound files and sensible calls. The files are committed;
 * `make fuzz-seeds` rewrites them (the same bytes every time).
 *
 *   fuzz-seeds DIR   writes DIR/elf_loader/ and DIR/hypercall_host/
 */
#include <elf.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hypercall.h"

static const char *dir;

static void write_file(const char *harness, const char *name,
                       const void *bytes, size_t size)
{
    char path[512];
    FILE *file;

    snprintf(path, sizeof(path), "%s/%s/%s", dir, harness, name);
    file = fopen(path, "wb");
    if (!file || fwrite(bytes, 1, size, file) != size || fclose(file) != 0) {
        perror(path);
        exit(1);
    }
}

/* --- ELF files, for tests/fuzz/elf_loader.c's memory layout ------------- */

struct segment {
    uint32_t type, flags;
    uint64_t address, file_size, memory_size;
};

/* An ELF64 x86-64 executable: header, program headers, then each
 * segment's file bytes (0x90, nop) in order. Returns its size. */
static size_t build_elf(uint8_t *file, uint64_t entry,
                        const struct segment *segments, int count)
{
    Elf64_Ehdr header = {
        .e_ident = {ELFMAG0, ELFMAG1, ELFMAG2, ELFMAG3, ELFCLASS64,
                    ELFDATA2LSB, EV_CURRENT, ELFOSABI_SYSV},
        .e_type = ET_EXEC,
        .e_machine = EM_X86_64,
        .e_version = EV_CURRENT,
        .e_entry = entry,
        .e_phoff = sizeof(Elf64_Ehdr),
        .e_ehsize = sizeof(Elf64_Ehdr),
        .e_phentsize = sizeof(Elf64_Phdr),
        .e_phnum = count,
    };
    size_t offset = sizeof(header) + count * sizeof(Elf64_Phdr);

    memcpy(file, &header, sizeof(header));
    for (int i = 0; i < count; i++) {
        Elf64_Phdr phdr = {
            .p_type = segments[i].type,
            .p_flags = segments[i].flags,
            .p_offset = segments[i].file_size ? offset : 0,
            .p_vaddr = segments[i].address,
            .p_paddr = segments[i].address,
            .p_filesz = segments[i].file_size,
            .p_memsz = segments[i].memory_size,
            .p_align = 16,
        };

        memcpy(file + sizeof(header) + i * sizeof(phdr), &phdr,
               sizeof(phdr));
        memset(file + offset, 0x90, segments[i].file_size);
        offset += segments[i].file_size;
    }
    return offset;
}

static void elf_seeds(void)
{
    static uint8_t file[4096];
    const struct segment one[] = {
        {PT_LOAD, PF_R | PF_X, 0x100000, 0x20, 0x20},
    };
    const struct segment code_data_stack[] = {
        {PT_LOAD, PF_R | PF_X, 0x100000, 0x40, 0x40},
        {PT_LOAD, PF_R | PF_W, 0x101000, 0x20, 0x1000}, /* with a .bss */
        {PT_GNU_STACK, PF_R | PF_W, 0, 0, 0},
    };
    const struct segment three_slots[] = {
        {PT_LOAD, PF_R | PF_W, 0x5000, 0x10, 0x10},
        {PT_LOAD, PF_R | PF_X, 0x11f000, 0x30, 0x1000},
        {PT_LOAD, PF_R, 0x200000, 0x8, 0x800},
    };
    const struct segment highest_slot[] = {
        {PT_LOAD, PF_R | PF_X, (1ull << 52) - 0x1000, 0x10, 0x1000},
    };
    const struct segment bss_only[] = {
        {PT_LOAD, PF_R | PF_X, 0x100000, 0x10, 0x10},
        {PT_LOAD, PF_R | PF_W, 0x108000, 0, 0x4000},
    };

    write_file("elf_loader", "one-segment.elf", file,
               build_elf(file, 0x100000, one, 1));
    write_file("elf_loader", "code-data-stack.elf", file,
               build_elf(file, 0x100010, code_data_stack, 3));
    write_file("elf_loader", "three-slots.elf", file,
               build_elf(file, 0x11f000, three_slots, 3));
    write_file("elf_loader", "highest-slot.elf", file,
               build_elf(file, (1ull << 52) - 0x1000, highest_slot, 1));
    write_file("elf_loader", "bss-only.elf", file,
               build_elf(file, 0x100004, bss_only, 2));
}

/* --- hypercall sequences, for tests/fuzz/hypercall_host.c ---------------- */

struct call {
    uint8_t number;
    uint64_t arg[3];
};

static size_t build_calls(uint8_t *out, uint8_t config,
                          const struct call *calls, int count)
{
    size_t size = 0;

    out[size++] = config;
    for (int i = 0; i < count; i++) {
        out[size++] = calls[i].number;
        for (int a = 0; a < 3; a++)
            for (int b = 0; b < 8; b++)
                out[size++] = (uint8_t)(calls[i].arg[a] >> (8 * b));
    }
    return size;
}

static void hypercall_seeds(void)
{
    static uint8_t out[1024];
    /* Chapter 07's guest: config, a line, memory size, exit. */
    const struct call chapter_07[] = {
        {HC_GET_CONFIG, {0x8000, 64, 0}},
        {HC_WRITE, {0x8000, 12, 0}},
        {HC_MEMORY_SIZE, {0, 0, 0}},
        {HC_EXIT, {0, 0, 0}},
    };
    /* Chapter 08's: print the ROM's text, fill logged RAM with config. */
    const struct call chapter_08[] = {
        {HC_WRITE, {0x20000, 19, 0}},
        {HC_GET_CONFIG, {0x30ff0, 32, 0}},
        {HC_WRITE, {0x30ff0, 32, 0}},
    };
    /* Chapter 09's exceptions, an assert, and calls a guest gets wrong. */
    const struct call mistakes[] = {
        {HC_EXCEPTION, {14, 2, 0x100123}},
        {HC_EXCEPTION, {13, 0x10, 0x100456}},
        {HC_ASSERT_FAILED, {0x20000, 42, 0x20004}},
        {HC_WRITE, {0xfff0, 0x20, 0}},
        {HC_GET_CONFIG, {0x100, HC_MAX_STRING + 1, 0}},
        {7, {0, 0, 0}}, /* no such call */
    };

    write_file("hypercall_host", "chapter-07", out,
               build_calls(out, 1, chapter_07, 4));
    write_file("hypercall_host", "chapter-08", out,
               build_calls(out, 2, chapter_08, 3));
    write_file("hypercall_host", "mistakes", out,
               build_calls(out, 0, mistakes, 6));
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: fuzz-seeds DIR\n");
        return 2;
    }
    dir = argv[1];
    elf_seeds();
    hypercall_seeds();
    return 0;
}
