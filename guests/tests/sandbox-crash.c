/*
 * sandbox-crash.c - a sandbox program that starts well and crashes on
 * every invoke (ud2: with no IDT, a triple fault), or, for an export
 * whose name starts with 'b', answers with data of the wrong shape: what
 * chapter 13's WebAssembly host must report as "sandbox crashed" and
 * recover from.
 */
#include "sandbox_program.h"
#include "wasm_abi.h"

long sandbox_init(uint64_t shared_size, void *heap, uint64_t heap_size,
                  uint64_t input_length)
{
    (void)shared_size, (void)heap, (void)heap_size, (void)input_length;
    return 0;
}

long sandbox_dispatch(uint64_t function, uint64_t argument,
                      const uint8_t *input, uint64_t length)
{
    const char *name = (const char *)input + sizeof(struct wasm_request);

    (void)function, (void)argument;
    if (length > sizeof(struct wasm_request) && name[0] == 'b')
        sandbox_return(0, SHARED_BUFFER, 3); /* not a struct wasm_reply */
    __asm__ volatile("ud2");
    return 0;
}
