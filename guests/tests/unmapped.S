/*
 * unmapped.S - a 64-bit guest for chapter 05 that writes to 1 GiB, an
 * address its page tables do not map. The CPU raises #PF with CR2 = the
 * address; with no IDT the guest triple-faults (KVM_EXIT_SHUTDOWN), and the
 * register dump shows CR2. Run: 05-long-mode --guest unmapped.bin
 */
    .intel_syntax noprefix
    .code64

    .section .text.start, "ax"
    .globl _start
_start:
    mov eax, 0x40000000     /* 1 GiB: no PDPT entry maps it */
    mov [rax], rax          /* #PF */
    hlt                     /* never reached */
