/*
 * int3.c - an exception guest for chapter 09 that uses `int3`, the
 * breakpoint instruction (#BP, vector 3), which chapter 09's own guest
 * avoids. On hardware KVM the guest's IDT handles it like any exception.
 * On nested PVM (HOST.md) guest code at CPL 0 is emulated, KVM's emulator
 * cannot do `int3`, and the run ends in KVM_EXIT_INTERNAL_ERROR: the host
 * must name the instruction.
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
    idt_install(handler);
    printf("IDT installed; now int3\n");
    __asm__ volatile("lea rax, [rip + 1f]\n\t"
                     "mov %0, rax\n\t"
                     "int3\n"
                     "1:"
                     : "=m"(resume_at)
                     :
                     : "rax", "memory");
    printf("survived int3\n");
    return 0;
}
