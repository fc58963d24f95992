/*
 * Exercise 09.2: a plausible wrong answer, which the test must reject.
 * It takes stack[0] for the error code whatever the vector, as if the CPU
 * always pushed one: for #UD or #DE every value it reports is the next
 * one up (the "rip" is really CS, and so on).
 */
#include <stdint.h>

struct fault_report {
    uint64_t error_code;
    uint64_t rip, cs, rflags, rsp, ss;
};

int read_exception_frame(const uint64_t *stack, unsigned vector,
                         struct fault_report *report)
{
    if (vector >= 32)
        return -1;
    report->error_code = stack[0];
    report->rip = stack[1];
    report->cs = stack[2];
    report->rflags = stack[3];
    report->rsp = stack[4];
    report->ss = stack[5];
    return 0;
}
