/*
 * zero-gate.c - what an all-zero IDT gate raises. The guest installs
 * chapter 09's IDT, clears the gate of #UD (vector 6) and executes ud2.
 * The processor reads gate 6 and checks its type before its P bit: type 0
 * is no gate at all, so it raises #GP, whose error code names the gate:
 * 6 * 8 + 2 (IDT) + 1 (EXT: during the delivery of another event) = 0x33
 * (Intel SDM Vol. 3A, "Error Code"). The #GP gate is intact, so the
 * guest's handler catches it and reports it. KVM's emulator on nested PVM
 * turns the failed delivery straight into a double fault (its kernel log
 * shows vector 6, then 8); tests/kvm/exceptions.c expects each by the
 * host's identity.
 */
#include "idt.h"
#include "kvm101.h"

static volatile uint64_t resume_at;

static void handler(struct exception_frame *frame)
{
    hypercall(HC_EXCEPTION, frame->vector, frame->error_code, frame->rip);
    frame->rip = resume_at;
}

int main(void)
{
    struct {
        uint16_t limit;
        uint64_t base;
    } __attribute__((packed)) idtr;
    volatile uint64_t *gate;

    idt_install(handler);
    __asm__ volatile("sidt %0" : "=m"(idtr));
    gate = (volatile uint64_t *)(idtr.base + 6 * 16); /* 16 bytes a gate */
    gate[0] = 0;
    gate[1] = 0;
    printf("gate 6 cleared; now ud2\n");
    __asm__ volatile("lea rax, [rip + 1f]\n\t"
                     "mov %0, rax\n\t"
                     "ud2\n"
                     "1:"
                     : "=m"(resume_at)
                     :
                     : "rax", "memory");
    printf("survived\n");
    return 0;
}
