/*
 * Exercise 09.2 (moderate): read an exception frame.
 *
 * When the CPU delivers an exception in 64-bit mode it pushes, on the
 * handler's stack: SS, RSP, RFLAGS, CS, RIP and, for some vectors only,
 * an error code. Chapter 09's entry stubs (guests/lib/vectors.S) push a 0
 * for the others, so that the C handler always finds the same layout.
 * Do the same from the other side: given the stack exactly as the CPU
 * left it, find the values.
 *
 * Hint: `stack` points at the last value pushed. Pushes go down, so read
 * upwards: stack[0] is the error code if this vector has one, else RIP.
 * The vectors with an error code are 8 (#DF), 10-14 (#TS, #NP, #SS, #GP,
 * #PF), 17 (#AC), 21 (#CP), 29 (#VC) and 30 (#SX); vectors.S has the same
 * list.
 *
 * Book: book/09-exceptions.md, "The entry stubs".
 * Check: make ex EX=09.2
 */
#include <stdint.h>

struct fault_report {
    uint64_t error_code; /* 0 for a vector that pushes none */
    uint64_t rip, cs, rflags, rsp, ss;
};

/* `stack` is the handler's RSP at its first instruction, for exception
 * `vector`. Fill *report and return 0; return -1 for a vector that is not
 * one of the CPU's exceptions (32 and up). */
int read_exception_frame(const uint64_t *stack, unsigned vector,
                         struct fault_report *report)
{
    (void)stack;
    (void)vector;
    (void)report;
    return -1; /* your code here */
}
