/*
 * tests/fuzz/hypercall_host.c - libFuzzer harness for
 * common/hypercall_host.c, the host's side of the hypercall ABI.
 *
 * A hostile guest chooses every register of every hypercall. Here the
 * input is a sequence of calls, each 25 bytes: the call number (the byte
 * modulo 8, so that 0 and 7 are unknown calls) and three little-endian
 * 64-bit arguments. The first input byte picks the configuration string
 * HC_GET_CONFIG hands out (empty, short, or longer than most buffers).
 * hypercall_dispatch() serves them on a fake VM whose memory is plain host
 * memory (no KVM), laid out like chapter 08's with holes between slots:
 *
 *   slot 0  0x0-0xffff          RAM
 *   slot 1  0x20000-0x20fff     ROM (KVM_MEM_READONLY), holding a text
 *   slot 2  0x30000-0x31fff     logged RAM (KVM_MEM_LOG_DIRTY_PAGES)
 *   slot 3  the last page below 2^64: an address + length that wraps
 *           around would land there if the host forgot to check
 *
 * Each slot is its own allocation of exactly its size, so
 * AddressSanitizer reports any host access outside guest memory. After
 * every call the harness compares all guest memory with a copy taken
 * before it, and asserts:
 *
 *   - a read-only slot never changes;
 *   - only HC_GET_CONFIG writes, and only when it succeeds, and then only
 *     its buffer, with the configuration (cut to fit) and a NUL;
 *   - every buffer a call accepts (HC_WRITE, HC_GET_CONFIG) lies wholly
 *     inside guest memory, and within the ABI's size limits;
 *   - HC_ASSERT_FAILED's strings are the guest's bytes when they are
 *     readable, and a refusal when they are not;
 *   - a refused call returns a negative HC_E* error and is counted.
 *   - a host write into the logged slot marks exactly the pages it
 *     wrote in the VM's host_dirty bitmap (KVM logs only the guest's
 *     own writes), and nothing else marks any page.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hypercall_host.h"

#ifndef KVM_MEM_READONLY /* <linux/kvm.h>'s values; vm.h does not pull it in */
#define KVM_MEM_LOG_DIRTY_PAGES (1u << 0)
#define KVM_MEM_READONLY (1u << 1)
#endif

#define SLOTS 4
#define CALL_SIZE 25
#define ROM_TEXT "KVM 101 ROM, fuzzed"
#define LOGGED 2 /* the slot with KVM_MEM_LOG_DIRTY_PAGES */
#define LOGGED_SIZE 0x2000
#define DIRTY_PAGES (LOGGED_SIZE / VM_PAGE_SIZE)
#define DIRTY_WORDS vm_dirty_bitmap_words(LOGGED_SIZE)
#define DIRTY_WORDS_MAX 1 /* what DIRTY_WORDS comes to, for arrays */

static const struct vm_slot layout[SLOTS] = {
    {0x0, 0x10000, NULL, 0},
    {0x20000, 0x1000, NULL, KVM_MEM_READONLY},
    {0x30000, LOGGED_SIZE, NULL, KVM_MEM_LOG_DIRTY_PAGES},
    {0ull - 0x1000, 0x1000, NULL, 0},
};

static const char *const configs[] = {
    "",
    "fail-assert",
    ("a configuration string longer than a small buffer: "
     "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"),
};

static struct vm vm;
static uint8_t *before[SLOTS]; /* guest memory before the call */
static uint64_t *dirty_before; /* the logged slot's host_dirty, likewise */
static FILE *sink;             /* /dev/null: console, refusals, events */
static struct console console;

static void fail(const char *what, uint64_t number)
{
    fprintf(stderr, "fuzz/hypercall_host: call %llu: %s\n",
            (unsigned long long)number, what);
    abort();
}

static void set_up(void)
{
    sink = fopen("/dev/null", "w");
    if (!sink)
        fail("cannot open /dev/null", 0);
    vm = (struct vm){.fd = -1, .kvm_fd = -1, .slot_count = SLOTS};
    for (int i = 0; i < SLOTS; i++) {
        vm.slots[i] = layout[i];
        vm.slots[i].host = malloc(layout[i].size);
        before[i] = malloc(layout[i].size);
        if (!vm.slots[i].host || !before[i])
            fail("out of memory", 0);
    }
    vm.host_dirty[LOGGED] = calloc(DIRTY_WORDS, sizeof(uint64_t));
    dirty_before = calloc(DIRTY_WORDS, sizeof(uint64_t));
    if (!vm.host_dirty[LOGGED] || !dirty_before)
        fail("out of memory", 0);
}

/* Every input starts from the same memory, so that a failure replays. */
static void reset_memory(void)
{
    for (int i = 0; i < SLOTS; i++)
        memset(vm.slots[i].host, 0, layout[i].size);
    strcpy((char *)vm.slots[1].host, ROM_TEXT);
    memset(vm.host_dirty[LOGGED], 0, DIRTY_WORDS * sizeof(uint64_t));
}

/* The slot holding all of guest-physical [address, address + length), or
 * -1: this harness's own reading of "inside guest memory". */
static int slot_of(uint64_t address, uint64_t length)
{
    for (int i = 0; i < SLOTS; i++) {
        uint64_t start = layout[i].guest_phys, size = layout[i].size;

        if (address >= start && address - start <= size &&
            length <= size - (address - start))
            return i;
    }
    return -1;
}

/* The guest's NUL-terminated string at address, as the ABI allows it
 * (HC_MAX_STRING bytes, NUL included), into out; 0 if it is unreadable. */
static int guest_string(uint64_t address, char *out)
{
    for (uint64_t i = 0; i < HC_MAX_STRING; i++) {
        int slot;

        if (address + i < address)
            return 0;
        slot = slot_of(address + i, 1);
        if (slot < 0)
            return 0;
        out[i] = ((char *)vm.slots[slot].host)[address + i -
                                                layout[slot].guest_phys];
        if (!out[i])
            return 1;
    }
    return 0;
}

/* The logged slot's host_dirty must be what it was, plus at least the
 * pages the call wrote ([address, address + written)), and at most the
 * pages of the buffer it accepted ([address, address + buffer)): marking
 * a page of the buffer that the call did not reach is harmless. */
static void check_dirty(uint64_t number, int write_slot, uint64_t address,
                        uint64_t written, uint64_t buffer)
{
    uint64_t least[DIRTY_WORDS_MAX], most[DIRTY_WORDS_MAX];
    const uint64_t *now = vm.host_dirty[LOGGED];
    uint64_t offset = address - layout[LOGGED].guest_phys;

    memcpy(least, dirty_before, DIRTY_WORDS * sizeof(uint64_t));
    memcpy(most, dirty_before, DIRTY_WORDS * sizeof(uint64_t));
    for (uint64_t page = 0; write_slot == LOGGED && page < DIRTY_PAGES;
         page++) {
        uint64_t start = page * VM_PAGE_SIZE, end = start + VM_PAGE_SIZE;
        uint64_t bit = 1ull << (page % 64);

        if (written && offset < end && offset + written > start)
            least[page / 64] |= bit;
        if (buffer && offset < end && offset + buffer > start)
            most[page / 64] |= bit;
    }
    for (uint64_t i = 0; i < DIRTY_WORDS; i++)
        if ((now[i] & least[i]) != least[i] || (now[i] & ~most[i]) != 0)
            fail("the host's dirty log does not match what it wrote",
                 number);
}

/* Did guest memory change, other than in [allowed, allowed + length) of a
 * writable slot? Is the dirty log right? */
static void check_memory(uint64_t number, int write_slot, uint64_t allowed,
                         uint64_t length, uint64_t buffer)
{
    for (int i = 0; i < SLOTS; i++) {
        const uint8_t *now = vm.slots[i].host;
        uint64_t from = 0, to = 0; /* the window that may change */

        if (i == write_slot) {
            from = allowed - layout[i].guest_phys;
            to = from + length;
        }
        if (memcmp(now, before[i], from) != 0 ||
            memcmp(now + to, before[i] + to, layout[i].size - to) != 0)
            fail(layout[i].flags & KVM_MEM_READONLY
                     ? "a read-only slot changed"
                     : "guest memory changed outside what the call may "
                       "write",
                 number);
    }
    check_dirty(number, write_slot, allowed, length, buffer);
}

static void check_call(struct hypercall_host *host, uint64_t number,
                       uint64_t arg0, uint64_t arg1, uint64_t arg2,
                       unsigned long refused_before)
{
    int64_t result;
    int slot;

    for (int i = 0; i < SLOTS; i++)
        memcpy(before[i], vm.slots[i].host, layout[i].size);
    memcpy(dirty_before, vm.host_dirty[LOGGED],
           DIRTY_WORDS * sizeof(uint64_t));
    result = hypercall_dispatch(host, number, arg0, arg1, arg2);
    if (result < 0 && result != -HC_EFAULT && result != -HC_EINVAL &&
        result != -HC_ENOSYS)
        fail("a negative result that is no HC_E* error", number);
    if (result < 0 && host->refused == refused_before)
        fail("a refusal that was not counted", number);

    switch (number) {
    case HC_WRITE:
        if (result >= 0 && (arg1 > HC_MAX_WRITE || slot_of(arg0, arg1) < 0))
            fail("accepted a write buffer outside guest memory", number);
        if (result >= 0 && (uint64_t)result != arg1)
            fail("HC_WRITE returned another length", number);
        check_memory(number, -1, 0, 0, 0);
        break;
    case HC_GET_CONFIG: {
        size_t length = strlen(host->config);
        const char *at;

        if (result < 0) {
            check_memory(number, -1, 0, 0, 0);
            break;
        }
        slot = slot_of(arg0, arg1);
        if (arg1 == 0 || arg1 > HC_MAX_STRING || slot < 0)
            fail("accepted a config buffer outside guest memory", number);
        if ((uint64_t)result != length)
            fail("HC_GET_CONFIG returned another length", number);
        if (layout[slot].flags & KVM_MEM_READONLY) {
            /* The guest cannot write there, so neither may its host. */
            check_memory(number, -1, 0, 0, 0);
            fail("accepted a config buffer in a read-only slot", number);
        }
        if (length > arg1 - 1)
            length = arg1 - 1;
        check_memory(number, slot, arg0, length + 1, arg1);
        at = (const char *)vm.slots[slot].host + (arg0 -
                                                  layout[slot].guest_phys);
        if (memcmp(at, host->config, length) != 0 || at[length] != '\0')
            fail("HC_GET_CONFIG wrote something else", number);
        break;
    }
    case HC_ASSERT_FAILED: {
        static char file[HC_MAX_STRING], expression[HC_MAX_STRING];
        int file_ok = guest_string(arg0, file);
        int expression_ok = guest_string(arg2, expression);

        if (!host->assert_failed || host->assert_line != arg1)
            fail("HC_ASSERT_FAILED was not recorded", number);
        if ((file_ok && strcmp(host->assert_file, file) != 0) ||
            (expression_ok &&
             strcmp(host->assert_expression, expression) != 0))
            fail("an assert string is not the guest's", number);
        if ((!file_ok || !expression_ok) && host->refused == refused_before)
            fail("an unreadable assert string was not refused", number);
        check_memory(number, -1, 0, 0, 0);
        break;
    }
    case HC_MEMORY_SIZE:
        if ((uint64_t)result != layout[0].size)
            fail("HC_MEMORY_SIZE is not the RAM's size", number);
        check_memory(number, -1, 0, 0, 0);
        break;
    case HC_EXIT:
    case HC_EXCEPTION:
        check_memory(number, -1, 0, 0, 0);
        break;
    default:
        if (result != -HC_ENOSYS)
            fail("an unknown call was not refused with ENOSYS", number);
        check_memory(number, -1, 0, 0, 0);
    }
}

static uint64_t little_endian_64(const uint8_t *bytes)
{
    uint64_t value = 0;

    for (int i = 7; i >= 0; i--)
        value = value << 8 | bytes[i];
    return value;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct hypercall_host host;

    if (!vm.slot_count)
        set_up();
    if (size < 1)
        return 0;
    reset_memory();
    console_init(&console, sink);
    host = (struct hypercall_host){
        .vm = &vm,
        .console = &console,
        .config = configs[data[0] % 3],
        .refusals = sink,
        .events = sink,
    };
    for (size_t at = 1; at + CALL_SIZE <= size; at += CALL_SIZE) {
        uint64_t number = data[at] % 8;

        check_call(&host, number, little_endian_64(data + at + 1),
                   little_endian_64(data + at + 9),
                   little_endian_64(data + at + 17), host.refused);
        /* The run would end after these; the next call is a new start. */
        host.exited = host.assert_failed = false;
    }
    console_flush(&console);
    return 0;
}
