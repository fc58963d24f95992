/*
 * 09-exceptions.c - the chapter 09 guest: it installs an IDT, then causes
 * a divide error, an invalid opcode, two page faults and a general
 * protection fault, and survives each: its handler reports the exception to
 * the host with a hypercall and resumes after the faulting instruction.
 *
 * Its configuration string (from the host) can ask for two ways to die:
 * "no-idt" (remove the IDT, then fault: a triple fault) and
 * "jump-nowhere" (jump to an address with no memory behind it).
 */
#include "idt.h"
#include "kvm101.h"

#define NO_MEMORY 0x20000000ul /* mapped, but no memory slot behind it */

// ANCHOR: handler
/* Where the handler sends the guest after an exception: each PROVOKE
 * below sets it to the instruction after the one that faults. */
static volatile uint64_t resume_at;

static void handler(struct exception_frame *frame)
{
    hypercall(HC_EXCEPTION, frame->vector, frame->error_code, frame->rip);
    frame->rip = resume_at; /* iretq goes there, not back to the fault */
}

/* Run `instructions`, noting first where to resume after them. */
#define PROVOKE(instructions, ...)                                             \
    __asm__ volatile("lea rax, [rip + 1f]\n\t"                               \
                     "mov %0, rax\n\t" instructions "\n1:"                    \
                     : "=m"(resume_at)                                         \
                     :                                                         \
                     : "rax", "rcx", "rdx", "memory")
// ANCHOR_END: handler

// ANCHOR: provoke
static void provoke_exceptions(void)
{
    /* #DE: divide by zero (int3 and int n would do for a test on hardware,
     * but this book's host cannot emulate them at CPL 0). */
    PROVOKE("xor edx, edx\n\txor ecx, ecx\n\tmov eax, 1\n\tdiv ecx");
    PROVOKE("ud2");                               /* #UD */
    PROVOKE("mov rax, [0x40000000]");   /* #PF: 1 GiB is not mapped; read */
    PROVOKE("mov byte ptr [0x40000000], 1"); /* #PF: write */
    PROVOKE("movabs rcx, 0x8000000000000000\n\t" /* #GP: not canonical */
            "mov rax, [rcx]");
}
// ANCHOR_END: provoke

// ANCHOR: die
static void die(const char *how)
{
    if (strcmp(how, "no-idt") == 0) {
        printf("removing my IDT, then ud2\n");
        idt_remove();
        PROVOKE("ud2"); /* nowhere to deliver #UD: a triple fault */
    } else if (strcmp(how, "jump-nowhere") == 0) {
        printf("jumping to %#lx\n", NO_MEMORY);
        ((void (*)(void))NO_MEMORY)();
    }
}
// ANCHOR_END: die

// ANCHOR: main
int main(void)
{
    char config[32];

    idt_install(handler);
    printf("IDT installed; now five exceptions\n");
    provoke_exceptions();
    printf("survived them all\n");
    hc_get_config(config, sizeof(config));
    die(config);
    return 0;
}
// ANCHOR_END: main
