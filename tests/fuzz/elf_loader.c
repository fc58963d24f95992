/*
 * tests/fuzz/elf_loader.c - libFuzzer harness for common/elf_loader.c.
 *
 * Each input is a --guest file. It is loaded with elf_load_above() into a
 * fake VM whose memory is plain host memory (no KVM), laid out with holes
 * so that a segment can straddle one:
 *
 *   slot 0  0x0-0x7fff         host tables below LOWEST (0x5000), like
 *                              long_mode_boot()'s GDT and page tables
 *   slot 1  0x100000-0x11ffff  where guests/lib/guest.ld links C guests
 *   slot 2  0x200000-0x200fff  one more page, after a hole
 *   slot 3  the last page below 2^52, the most guest-physical memory x86
 *           can address (MAXPHYADDR is at most 52 bits): the highest slot
 *           KVM could give, with huge p_paddr values above it, so that an
 *           address + size that wraps around 2^64 would land in memory if
 *           the loader forgot to check. (Not the last page below 2^64: no
 *           real slot ends at 2^64, and there the loader's overlap() sums
 *           wrap to 0 and it accepts overlapping segments.)
 *
 * Each slot is its own allocation of exactly its size: AddressSanitizer
 * reports any byte touched outside one. What the harness asserts, beyond
 * no crash and no sanitizer report:
 *
 *   - a refused file writes nothing at all;
 *   - an accepted file is sound by this harness's own reading of the ELF
 *     rules (each PT_LOAD segment inside one slot, at or above LOWEST, its
 *     bytes inside the file, no two overlapping, the entry in an
 *     executable one), and afterwards every byte of guest memory is what
 *     those segments say (file bytes, then zeros up to p_memsz) or, outside
 *     every segment, what it was before: nothing else was written;
 *   - struct elf_info agrees with the segments.
 */
#include <elf.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "elf_loader.h"

#define LOWEST 0x5000
#define FILL 0xa5 /* what guest memory holds before each load */
#define SLOTS 4

static const struct {
    uint64_t guest_phys, size;
} layout[SLOTS] = {
    {0x0, 0x8000},
    {0x100000, 0x20000},
    {0x200000, 0x1000},
    {(1ull << 52) - 0x1000, 0x1000},
};

static struct vm vm;
static uint8_t *expected[SLOTS]; /* what each slot must hold afterwards */

/* Stop with a message: libFuzzer saves the input that did it. */
static void fail(const char *what)
{
    fprintf(stderr, "fuzz/elf_loader: %s\n", what);
    abort();
}

static void set_up(void)
{
    vm = (struct vm){.fd = -1, .kvm_fd = -1, .slot_count = SLOTS};
    for (int i = 0; i < SLOTS; i++) {
        vm.slots[i] = (struct vm_slot){layout[i].guest_phys, layout[i].size,
                                       malloc(layout[i].size), 0};
        expected[i] = malloc(layout[i].size);
        if (!vm.slots[i].host || !expected[i])
            fail("out of memory");
    }
}

/* The slot holding all of [address, address + size), or -1. */
static int slot_of(uint64_t address, uint64_t size)
{
    for (int i = 0; i < SLOTS; i++) {
        uint64_t start = layout[i].guest_phys, length = layout[i].size;

        if (address >= start && address - start <= length &&
            size <= length - (address - start))
            return i;
    }
    return -1;
}

static Elf64_Phdr segment_at(const uint8_t *data, const Elf64_Ehdr *header,
                             int i)
{
    Elf64_Phdr segment;

    memcpy(&segment, data + header->e_phoff + (uint64_t)i * sizeof(segment),
           sizeof(segment));
    return segment;
}

static int loaded(const Elf64_Phdr *segment)
{
    return segment->p_type == PT_LOAD && segment->p_memsz != 0;
}

/* The loader accepted the file: check it by our own reading, and build
 * the memory the load must have left. */
static void check_accepted(const uint8_t *data, size_t size,
                           const struct elf_info *info)
{
    Elf64_Ehdr header;
    uint64_t lowest = UINT64_MAX, highest = 0;
    int segments = 0, entry_found = 0;

    if (size < sizeof(header))
        fail("accepted a file shorter than an ELF header");
    memcpy(&header, data, sizeof(header));
    if (memcmp(header.e_ident, ELFMAG, SELFMAG) != 0 ||
        header.e_ident[EI_CLASS] != ELFCLASS64 ||
        header.e_ident[EI_DATA] != ELFDATA2LSB ||
        header.e_machine != EM_X86_64 || header.e_type != ET_EXEC)
        fail("accepted a file that is not a little-endian x86-64 ET_EXEC");
    if (header.e_phentsize != sizeof(Elf64_Phdr) || header.e_phoff > size ||
        (uint64_t)header.e_phnum * sizeof(Elf64_Phdr) > size - header.e_phoff)
        fail("accepted program headers outside the file");

    for (int i = 0; i < header.e_phnum; i++) {
        Elf64_Phdr s = segment_at(data, &header, i);
        int slot;
        uint8_t *at;

        if (!loaded(&s))
            continue;
        if (s.p_offset > size || s.p_filesz > size - s.p_offset)
            fail("accepted a segment whose bytes run past the file");
        if (s.p_filesz > s.p_memsz)
            fail("accepted p_filesz > p_memsz");
        slot = slot_of(s.p_paddr, s.p_memsz);
        if (slot < 0)
            fail("accepted a segment that is not inside one memory slot");
        if (s.p_paddr < LOWEST)
            fail("accepted a segment below the lowest address allowed");
        for (int j = 0; j < i; j++) {
            Elf64_Phdr other = segment_at(data, &header, j);

            /* Compared by last bytes, which cannot wrap even for a
             * segment ending at 2^64. */
            if (loaded(&other) &&
                s.p_paddr <= other.p_paddr + (other.p_memsz - 1) &&
                other.p_paddr <= s.p_paddr + (s.p_memsz - 1))
                fail("accepted two overlapping segments");
        }
        if ((s.p_flags & PF_X) && header.e_entry >= s.p_paddr &&
            header.e_entry - s.p_paddr < s.p_memsz)
            entry_found = 1;
        segments++;
        if (s.p_paddr < lowest)
            lowest = s.p_paddr;
        if (s.p_paddr + s.p_memsz > highest)
            highest = s.p_paddr + s.p_memsz;
        at = expected[slot] + (s.p_paddr - layout[slot].guest_phys);
        memcpy(at, data + s.p_offset, s.p_filesz);
        memset(at + s.p_filesz, 0, s.p_memsz - s.p_filesz);
    }
    if (segments == 0)
        fail("accepted a file with no PT_LOAD segment");
    if (!entry_found)
        fail("accepted an entry point outside every executable segment");
    if (info->entry != header.e_entry || info->segments != segments ||
        info->lowest != lowest || info->highest != highest)
        fail("struct elf_info disagrees with the segments");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct elf_info info;
    enum elf_result result;

    if (!vm.slot_count)
        set_up();
    for (int i = 0; i < SLOTS; i++) {
        memset(vm.slots[i].host, FILL, layout[i].size);
        memset(expected[i], FILL, layout[i].size);
    }
    result = elf_load_above(&vm, data, size, LOWEST, &info);
    if (result == ELF_OK)
        check_accepted(data, size, &info);
    else if (!elf_result_text(result))
        fail("a refusal without a text");
    /* Refused: expected[] is still all FILL, so this asserts that nothing
     * was written. Accepted: the segments and nothing else. */
    for (int i = 0; i < SLOTS; i++)
        if (memcmp(vm.slots[i].host, expected[i], layout[i].size) != 0)
            fail(result == ELF_OK ? "guest memory outside the segments "
                                    "changed, or a segment holds the wrong "
                                    "bytes"
                                  : "a refused file changed guest memory");
    return 0;
}
