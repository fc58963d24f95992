/*
 * no-memory.S - a guest that jumps to an address with no memory behind it.
 *
 * The chapter 03 host gives the guest 64 KiB (0x00000-0x0ffff). A far jump
 * to f000:0000 continues at linear address 0xf0000, where there is no
 * memory slot: KVM cannot fetch the next instruction and the run ends
 * (KVM_EXIT_INTERNAL_ERROR, emulation failure, on the hosts we know).
 */
    .intel_syntax noprefix
    .code16

    .section .text.start, "ax"
    .globl _start
_start:
    jmp 0xf000:0x0000       /* far jump: CS = f000 (base 0xf0000), IP = 0 */
