/*
 * sandbox-probe.c - a sandbox program (chapter 13) for tests and `make
 * bench`: each function does one thing a test asks about, well-behaved
 * or hostile. The test holds the sandbox's host to account: every
 * hostile function must end in a refusal, a time limit or a crash of
 * this program alone, never of the host.
 */
#include "sandbox_program.h"
#include "sandbox_probe.h"

static uint8_t *heap;
static uint64_t heap_pages;
static char secret[64];  /* .bss: what one call leaves for the next */
static uint64_t secret_length;

/* The start-up input, if any, is kept as if PROBE_KEEP had kept it: it
 * is part of the snapshot. "fail" makes start-up fail, with a reason. */
long sandbox_init(uint64_t shared_size, void *heap_start, uint64_t heap_size,
                  uint64_t input_length)
{
    static const char reason[] = "told to fail";

    (void)shared_size;
    heap = heap_start;
    heap_pages = heap_size / 4096;
    if (input_length == 4 && SHARED_BUFFER[0] == 'f' &&
        SHARED_BUFFER[1] == 'a' && SHARED_BUFFER[2] == 'i' &&
        SHARED_BUFFER[3] == 'l') {
        memcpy(SHARED_BUFFER, reason, sizeof(reason) - 1);
        sandbox_return(7, SHARED_BUFFER, sizeof(reason) - 1);
    }
    secret_length = input_length < sizeof(secret) ? input_length
                                                  : sizeof(secret);
    memcpy(secret, SHARED_BUFFER, secret_length);
    return 0;
}

/* `count` host calls to function `number` with a shared-buffer range. */
static long host_calls(uint64_t count, long number, long address,
                       long length)
{
    long refused = 0;

    for (uint64_t i = 0; i < count; i++)
        if (hypercall(number, address, length, 0) == SANDBOX_REFUSED)
            refused++;
    return refused;
}

/* Host calls whose buffers are not (all) in the shared buffer. Returns
 * how many the host refused: all of them, if it checks. */
static long bad_buffers(void)
{
    static const struct { long address, length; } bad[] = {
        {SANDBOX_SHARED - 1, 2},             /* starts before it */
        {SANDBOX_SHARED + 0x1000, -0x1000},  /* wraps past 2^64 */
        {-1, 2},                             /* the top of the space */
        {SANDBOX_PROGRAM, 16},               /* our own code */
        {0, 16},                             /* the GDT */
        {SANDBOX_SHARED, 0x7fffffffffffffff},/* far too long */
    };
    long refused = 0;

    for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        if (hypercall(SANDBOX_WRITE, bad[i].address, bad[i].length, 0) ==
            SANDBOX_REFUSED)
            refused++;
    /* Past the end by one byte: the buffer's size came from the host. */
    if (hypercall(SANDBOX_WRITE, SANDBOX_SHARED + sandbox_shared_size - 1, 2,
                  0) == SANDBOX_REFUSED)
        refused++;
    return refused;
}

static long dirty(uint64_t pages)
{
    if (pages > heap_pages)
        pages = heap_pages;
    for (uint64_t i = 0; i < pages; i++)
        heap[i * 4096] = (uint8_t)(i + 1);
    return (long)pages;
}

/* Leave the input where a later call could look: a global, XMM0, and
 * ES (a CPL 3 program may load a data selector of its own: the user
 * data selector, or a null one). */
static long keep(const uint8_t *input, uint64_t length)
{
    uint64_t first = 0;

    if (length > sizeof(secret))
        length = sizeof(secret);
    memcpy(secret, input, length);
    secret_length = length;
    memcpy(&first, input, length < 8 ? length : 8);
    __asm__ volatile("movq xmm0, %0" ::"r"(first));
    uint64_t es;

    __asm__ volatile("mov %0, es" : "=r"(es));
    es = es == 0 ? USER_DATA_SELECTOR : 0; /* another value */
    __asm__ volatile("mov es, %0" ::"r"(es));
    return (long)length;
}

/* What is left: the global's bytes and XMM0 as data, ES as the value. */
static _Noreturn void look(void)
{
    uint64_t xmm0, es;

    __asm__ volatile("movq %0, xmm0" : "=r"(xmm0));
    __asm__ volatile("mov %0, es" : "=r"(es));
    memcpy(SHARED_BUFFER, secret, secret_length);
    memcpy(SHARED_BUFFER + secret_length, &xmm0, 8);
    sandbox_return((long)es, SHARED_BUFFER, secret_length + 8);
}

/* A read the compiler cannot see through (it knows nothing lives at a
 * fixed address). */
static long read_byte(uintptr_t address)
{
    __asm__("" : "+r"(address));
    return *(volatile uint8_t *)address;
}

static long fault(uint64_t kind)
{
    volatile uint8_t *code = (volatile uint8_t *)(uintptr_t)&sandbox_init;
    static uint8_t data_page[16] = {0xc3}; /* ret, on a no-execute page */

    switch (kind) {
    case FAULT_UD2:
        __asm__ volatile("ud2");
        break;
    case FAULT_WRITE_CODE:
        *code = 0xc3;
        break;
    case FAULT_RUN_DATA:
        ((void (*)(void))(uintptr_t)data_page)();
        break;
    case FAULT_READ_TABLES:
        return read_byte(SANDBOX_TABLES);
    case FAULT_READ_GDT:
        return read_byte(SANDBOX_SYSTEM_AREA + 8);
    case FAULT_HLT:
        __asm__ volatile("hlt");
        break;
    case FAULT_SYSCALL:
        __asm__ volatile("syscall" ::: "rcx", "r11", "memory");
        break;
    case FAULT_INT3:
        __asm__ volatile("int3");
        break;
    case FAULT_PAST_MEMORY:
        return read_byte(256ull << 20);
    }
    return -1; /* the host should never see this */
}

static long ports(void)
{
    uint8_t value;

    __asm__ volatile("out 0x80, al" ::"a"(0));       /* not a host call */
    __asm__ volatile("in al, 0x60" : "=a"(value));   /* nor this */
    return value; /* 0xff: no device answers */
}

long sandbox_dispatch(uint64_t function, uint64_t argument,
                      const uint8_t *input, uint64_t length)
{
    switch (function) {
    case PROBE_NOTHING:
        return 0;
    case PROBE_HOST_CALLS:
        return host_calls(argument, SANDBOX_FIRST_FUNCTION, 0, 0);
    case PROBE_FLOOD:
        return host_calls(argument, 1000, 0, 0); /* no such function */
    case PROBE_BAD_BUFFERS:
        return bad_buffers();
    case PROBE_DIRTY:
        return dirty(argument);
    case PROBE_KEEP:
        return keep(input, length);
    case PROBE_LOOK:
        look();
    case PROBE_FAULT:
        return fault(argument);
    case PROBE_PORTS:
        return ports();
    case PROBE_SPIN:
        for (;;)
            __asm__ volatile("" ::: "memory"); /* keep the loop */
    case PROBE_RETURN_OUTSIDE:
        sandbox_return(1, (void *)SANDBOX_PROGRAM, 16);
    case PROBE_PASS_INPUT:
        return hypercall(SANDBOX_FIRST_FUNCTION, (long)input, (long)length,
                         (long)argument);
    }
    return -1;
}
