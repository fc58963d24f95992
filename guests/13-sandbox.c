/*
 * 13-sandbox.c - chapter 13's program: a few functions a host calls by
 * number, inside the sandbox (common/sandbox.h). It runs at CPL 3 with
 * no kernel; the host calls are its only way out (guests/sandbox/).
 */
#include "sandbox_program.h"

// ANCHOR: functions
enum function {
    GREET,    /* print a greeting through the host; -> calls so far */
    SHOUT,    /* the input in capitals, as data in the shared buffer */
    REMEMBER, /* keep the input in a global; -> its length */
    RECALL,   /* the remembered text, as data */
    DIRTY,    /* write to `argument` pages of the heap; -> pages */
    SPIN,     /* loop for ever (the time limit stops it) */
    PATCH,    /* write to its own code (a page fault: the call crashes) */
};
// ANCHOR_END: functions

static unsigned long calls;        /* in .data: a reset puts it back */
static char remembered[256];
static uint64_t remembered_length;
static uint8_t *heap;
static uint64_t heap_pages;

long sandbox_init(uint64_t shared_size, void *heap_start, uint64_t heap_size,
                  uint64_t input_length)
{
    (void)shared_size, (void)input_length;
    heap = heap_start;
    heap_pages = heap_size / 4096;
    sandbox_print("ready: %lu KiB of heap", (unsigned long)(heap_size >> 10));
    return 0;
}

static long shout(const uint8_t *input, uint64_t length)
{
    /* The answer goes after the input, in the shared buffer: the host
     * reads nothing else. */
    uint8_t *out = SHARED_BUFFER + length;

    for (uint64_t i = 0; i < length; i++)
        out[i] = input[i] >= 'a' && input[i] <= 'z' ? input[i] - 32
                                                     : input[i];
    sandbox_return((long)length, out, length);
}

static long remember(const uint8_t *input, uint64_t length)
{
    if (length > sizeof(remembered))
        length = sizeof(remembered);
    memcpy(remembered, input, length);
    remembered_length = length;
    return (long)length;
}

static long recall(void)
{
    memcpy(SHARED_BUFFER, remembered, remembered_length);
    sandbox_return((long)remembered_length, SHARED_BUFFER,
                   remembered_length);
}

static long dirty(uint64_t pages)
{
    if (pages > heap_pages)
        pages = heap_pages;
    for (uint64_t i = 0; i < pages; i++)
        heap[i * 4096] = (uint8_t)(i + 1);
    return (long)pages;
}

static _Noreturn void spin(void)
{
    for (;;) /* "memory": the compiler keeps the loop */
        __asm__ volatile("" ::: "memory");
}

static long patch(void)
{
    /* Code pages are read and execute only: this store faults, and with
     * no IDT the fault is a triple fault. */
    *(volatile uint8_t *)(uintptr_t)&sandbox_dispatch = 0xc3;
    return 0;
}

long sandbox_dispatch(uint64_t function, uint64_t argument,
                      const uint8_t *input, uint64_t length)
{
    calls++;
    switch (function) {
    case GREET:
        sandbox_print("hello from CPL 3, call %lu since the snapshot",
                      calls);
        return (long)calls;
    case SHOUT:
        return shout(input, length);
    case REMEMBER:
        return remember(input, length);
    case RECALL:
        return recall();
    case DIRTY:
        return dirty(argument);
    case SPIN:
        spin();
    case PATCH:
        return patch();
    }
    return -1;
}
