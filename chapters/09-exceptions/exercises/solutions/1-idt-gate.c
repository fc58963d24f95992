/*
 * Exercise 09.1 (easy): build an interrupt gate. A reference solution.
 */
#include <stdint.h>
#include <string.h>

void idt_gate_make(uint8_t gate[16], uint64_t handler, uint16_t selector)
{
    memset(gate, 0, 16); /* IST 0, reserved bytes 0 */
    gate[0] = handler & 0xff;
    gate[1] = (handler >> 8) & 0xff;
    gate[2] = selector & 0xff;
    gate[3] = selector >> 8;
    gate[5] = 0x8e; /* present, DPL 0, 64-bit interrupt gate */
    gate[6] = (handler >> 16) & 0xff;
    gate[7] = (handler >> 24) & 0xff;
    for (int i = 0; i < 4; i++)
        gate[8 + i] = (handler >> (32 + 8 * i)) & 0xff;
}
