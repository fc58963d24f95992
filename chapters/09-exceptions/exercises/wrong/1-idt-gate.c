/*
 * Exercise 09.1: a plausible wrong answer, which the test must reject.
 * It fills the gate as a 32-bit (8-byte) gate would be: the offset's low
 * and middle parts, but never bits 32-63, so a handler above 4 GiB is
 * entered at the wrong address.
 */
#include <stdint.h>
#include <string.h>

void idt_gate_make(uint8_t gate[16], uint64_t handler, uint16_t selector)
{
    memset(gate, 0, 16);
    gate[0] = handler & 0xff;
    gate[1] = (handler >> 8) & 0xff;
    gate[2] = selector & 0xff;
    gate[3] = selector >> 8;
    gate[5] = 0x8e;
    gate[6] = (handler >> 16) & 0xff;
    gate[7] = (handler >> 24) & 0xff;
}
