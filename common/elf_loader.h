/*
 * elf_loader.h - loading an ELF64 executable into guest memory. (Not
 * elf.h: that name belongs to the system header with the ELF structures.)
 *
 * A C guest is linked into an ELF file: a header, program headers saying
 * which bytes of the file go to which addresses (PT_LOAD segments), and an
 * entry point. The loader checks everything before it copies anything,
 * because the file may come from anyone (--guest). It loads executables
 * (ET_EXEC) only: no relocations, every segment at the physical address it
 * was linked for (p_paddr).
 *
 * Introduced in chapter 07.
 */
#ifndef KVM101_ELF_LOADER_H
#define KVM101_ELF_LOADER_H

#include <stddef.h>
#include <stdint.h>

#include "vm.h"

/* A guest built with guests/lib/guest.ld has two; the checks compare
 * every pair of segments, so the count is kept small. */
#define ELF_MAX_PROGRAM_HEADERS 16

// ANCHOR: results
enum elf_result {
    ELF_OK,
    ELF_TOO_SMALL,              /* shorter than an ELF header */
    ELF_BAD_MAGIC,              /* does not start with 0x7f 'E' 'L' 'F' */
    ELF_NOT_64_BIT,             /* class is not ELFCLASS64 */
    ELF_NOT_LITTLE_ENDIAN,
    ELF_NOT_X86_64,             /* machine is not EM_X86_64 */
    ELF_NOT_EXECUTABLE,         /* type is not ET_EXEC */
    ELF_BAD_PROGRAM_HEADERS,    /* the table lies outside the file */
    ELF_NO_SEGMENTS,            /* nothing to load */
    ELF_TRUNCATED_SEGMENT,      /* a segment's bytes run past the file */
    ELF_BAD_SEGMENT_SIZE,       /* p_filesz larger than p_memsz */
    ELF_SEGMENT_OUTSIDE_MEMORY, /* a segment does not fit guest memory */
    ELF_OVERLAPPING_SEGMENTS,
    ELF_BAD_ENTRY,              /* the entry is in no executable segment */
    ELF_TOO_MANY_SEGMENTS,      /* more than ELF_MAX_PROGRAM_HEADERS */
};
// ANCHOR_END: results

/* A sentence saying what is wrong. */
const char *elf_result_text(enum elf_result result);

struct elf_segment {
    uint64_t address, size; /* p_paddr, p_memsz */
    uint32_t flags;         /* PF_R, PF_W, PF_X: what it may be used for */
};

struct elf_info {
    uint64_t entry;  /* where to start the vCPU */
    int segments;    /* PT_LOAD segments loaded */
    uint64_t lowest; /* guest-physical range covered by them */
    uint64_t highest;
    /* Each segment (chapter 13 gives each its own page rights). */
    struct elf_segment segment[ELF_MAX_PROGRAM_HEADERS];
};

/* Check the file and, if it is sound, copy its segments into guest memory
 * (zeroing what p_memsz has beyond p_filesz). Nothing is written unless
 * every check passes. */
enum elf_result elf_load(struct vm *vm, const uint8_t *file, size_t size,
                         struct elf_info *info);

/* elf_load(), but a segment below `lowest` is ELF_SEGMENT_OUTSIDE_MEMORY
 * too: memory the host keeps for itself (its GDT and page tables). */
enum elf_result elf_load_above(struct vm *vm, const uint8_t *file,
                               size_t size, uint64_t lowest,
                               struct elf_info *info);

#endif
