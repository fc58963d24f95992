/*
 * elf_loader.c - loading an ELF64 executable into guest memory.
 * Introduced in chapter 07.
 */
#include <elf.h>
#include <string.h>

#include "elf_loader.h"

const char *elf_result_text(enum elf_result result)
{
    switch (result) {
    case ELF_OK: return "a loadable ELF64 executable";
    case ELF_TOO_SMALL: return "too small for an ELF header";
    case ELF_BAD_MAGIC: return "not an ELF file (bad magic number)";
    case ELF_NOT_64_BIT: return "not a 64-bit ELF file (wrong class)";
    case ELF_NOT_LITTLE_ENDIAN: return "not a little-endian ELF file";
    case ELF_NOT_X86_64: return "not built for x86-64 (wrong machine)";
    case ELF_NOT_EXECUTABLE:
        return "not an executable (type is not ET_EXEC; link with -static "
               "-no-pie)";
    case ELF_BAD_PROGRAM_HEADERS:
        return "its program headers lie outside the file";
    case ELF_TOO_MANY_SEGMENTS:
        return "it has more than 16 program headers, more than a guest "
               "needs";
    case ELF_NO_SEGMENTS: return "it has no PT_LOAD segment";
    case ELF_TRUNCATED_SEGMENT:
        return "a segment's bytes run past the end of the file (truncated)";
    case ELF_BAD_SEGMENT_SIZE:
        return "a segment's file size is larger than its memory size";
    case ELF_SEGMENT_OUTSIDE_MEMORY:
        return "a segment lies outside the guest memory it may use";
    case ELF_OVERLAPPING_SEGMENTS: return "two segments overlap";
    case ELF_BAD_ENTRY:
        return "the entry point is in no executable segment";
    }
    return "unknown ELF loader result";
}

// ANCHOR: check_header
static enum elf_result check_header(const Elf64_Ehdr *header, size_t size)
{
    if (size < sizeof(*header))
        return ELF_TOO_SMALL;
    if (memcmp(header->e_ident, ELFMAG, SELFMAG) != 0)
        return ELF_BAD_MAGIC;
    if (header->e_ident[EI_CLASS] != ELFCLASS64)
        return ELF_NOT_64_BIT;
    if (header->e_ident[EI_DATA] != ELFDATA2LSB)
        return ELF_NOT_LITTLE_ENDIAN;
    if (header->e_machine != EM_X86_64)
        return ELF_NOT_X86_64;
    if (header->e_type != ET_EXEC)
        return ELF_NOT_EXECUTABLE;
    /* The program header table must lie inside the file. Each term is
     * bounded by the file size first, so nothing can overflow. */
    if (header->e_phentsize != sizeof(Elf64_Phdr) ||
        header->e_phoff > size ||
        header->e_phnum > (size - header->e_phoff) / sizeof(Elf64_Phdr))
        return ELF_BAD_PROGRAM_HEADERS;
    if (header->e_phnum > ELF_MAX_PROGRAM_HEADERS)
        return ELF_TOO_MANY_SEGMENTS; /* the overlap check is quadratic */
    return ELF_OK;
}
// ANCHOR_END: check_header

// ANCHOR: check_segment
/* One PT_LOAD segment: its bytes in the file, its place in guest memory. */
static enum elf_result check_segment(const Elf64_Phdr *segment, size_t size,
                                     const struct vm *vm, uint64_t lowest)
{
    if (segment->p_offset > size ||
        segment->p_filesz > size - segment->p_offset)
        return ELF_TRUNCATED_SEGMENT;
    if (segment->p_filesz > segment->p_memsz)
        return ELF_BAD_SEGMENT_SIZE;
    if (segment->p_paddr < lowest ||
        !vm_guest_to_host(vm, segment->p_paddr, segment->p_memsz))
        return ELF_SEGMENT_OUTSIDE_MEMORY;
    return ELF_OK;
}
// ANCHOR_END: check_segment

// ANCHOR: overlap
/* Do [a, a + a_size) and [b, b + b_size) share a byte? Compare last bytes:
 * both sizes are at least 1 and both ranges lie in guest memory, so a +
 * a_size - 1 cannot wrap, while a + a_size could (a range may end at 2^64). */
static int overlap(uint64_t a, uint64_t a_size, uint64_t b, uint64_t b_size)
{
    return a <= b + (b_size - 1) && b <= a + (a_size - 1);
}
// ANCHOR_END: overlap

/* Program header i, copied out: a hostile file may put the table at an
 * odd offset, where reading it in place would be a misaligned access. */
static Elf64_Phdr program_header(const uint8_t *file,
                                 const Elf64_Ehdr *header, int i)
{
    Elf64_Phdr phdr;

    memcpy(&phdr, file + header->e_phoff + i * sizeof(phdr), sizeof(phdr));
    return phdr;
}

// ANCHOR: check_segments
/* Check every PT_LOAD segment, alone and against the others, and the
 * entry point; fill info. */
static enum elf_result check_segments(const uint8_t *file,
                                      const Elf64_Ehdr *header, size_t size,
                                      const struct vm *vm, uint64_t lowest,
                                      struct elf_info *info)
{
    int entry_found = 0;

    *info = (struct elf_info){.entry = header->e_entry, .lowest = UINT64_MAX};
    for (int i = 0; i < header->e_phnum; i++) {
        Elf64_Phdr segment = program_header(file, header, i);
        const Elf64_Phdr *s = &segment;
        enum elf_result result;

        if (s->p_type != PT_LOAD || s->p_memsz == 0)
            continue;
        result = check_segment(s, size, vm, lowest);
        if (result != ELF_OK)
            return result;
        for (int j = 0; j < i; j++) {
            Elf64_Phdr other = program_header(file, header, j);

            if (other.p_type == PT_LOAD && other.p_memsz &&
                overlap(s->p_paddr, s->p_memsz, other.p_paddr,
                        other.p_memsz))
                return ELF_OVERLAPPING_SEGMENTS;
        }
        if ((s->p_flags & PF_X) && header->e_entry >= s->p_paddr &&
            header->e_entry - s->p_paddr < s->p_memsz)
            entry_found = 1;
        info->segment[info->segments++] =
            (struct elf_segment){s->p_paddr, s->p_memsz, s->p_flags};
        if (s->p_paddr < info->lowest)
            info->lowest = s->p_paddr;
        if (s->p_paddr + s->p_memsz > info->highest)
            info->highest = s->p_paddr + s->p_memsz;
    }
    if (info->segments == 0)
        return ELF_NO_SEGMENTS;
    return entry_found ? ELF_OK : ELF_BAD_ENTRY;
}
// ANCHOR_END: check_segments

// ANCHOR: elf_load
enum elf_result elf_load(struct vm *vm, const uint8_t *file, size_t size,
                         struct elf_info *info)
{
    return elf_load_above(vm, file, size, 0, info);
}

enum elf_result elf_load_above(struct vm *vm, const uint8_t *file,
                               size_t size, uint64_t lowest,
                               struct elf_info *info)
{
    Elf64_Ehdr header;
    enum elf_result result;

    if (size < sizeof(header))
        return ELF_TOO_SMALL;
    memcpy(&header, file, sizeof(header)); /* file may be unaligned */
    result = check_header(&header, size);
    if (result == ELF_OK)
        result = check_segments(file, &header, size, vm, lowest, info);
    if (result != ELF_OK)
        return result;
    /* Everything checked: now copy. */
    for (int i = 0; i < header.e_phnum; i++) {
        Elf64_Phdr segment = program_header(file, &header, i);
        const Elf64_Phdr *s = &segment;
        uint8_t *destination;

        if (s->p_type != PT_LOAD || s->p_memsz == 0)
            continue;
        destination = vm_guest_to_host(vm, s->p_paddr, s->p_memsz);
        memcpy(destination, file + s->p_offset, s->p_filesz);
        /* The rest (the .bss) must read as zeros. */
        memset(destination + s->p_filesz, 0, s->p_memsz - s->p_filesz);
    }
    return ELF_OK;
}
// ANCHOR_END: elf_load
