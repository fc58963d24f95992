/*
 * Exercise 02.3: a plausible wrong answer, which the test must reject.
 * It applies the real-mode rule to the reset state, f000 * 16 + fff0 =
 * 0xffff0, and puts the memory and the hlt just below 1 MiB. That is where
 * a PC's firmware continues after its first far jump, but the very first
 * fetch goes to 0xfffffff0, where this VM still has nothing.
 */
#include <errno.h>
#include <stdint.h>

#include "vm.h"
#include "x86.h"

int hlt_at_reset_vector(struct vm *vm)
{
    uint64_t segment_base = X86_RESET_CS_SELECTOR * 16; /* 0xf0000 */
    uint8_t *rom = vm_add_memory(vm, segment_base, 0x10000);

    if (!rom)
        return -1;
    rom[X86_RESET_RIP] = 0xf4; /* at 0xffff0 */
    return 0;
}
