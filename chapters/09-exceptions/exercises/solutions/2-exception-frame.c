/*
 * Exercise 09.2 (moderate): read an exception frame. A reference solution.
 */
#include <stdbool.h>
#include <stdint.h>

struct fault_report {
    uint64_t error_code;
    uint64_t rip, cs, rflags, rsp, ss;
};

static bool has_error_code(unsigned vector)
{
    return vector == 8 || (vector >= 10 && vector <= 14) || vector == 17 ||
           vector == 21 || vector == 29 || vector == 30;
}

int read_exception_frame(const uint64_t *stack, unsigned vector,
                         struct fault_report *report)
{
    if (vector >= 32)
        return -1;
    report->error_code = has_error_code(vector) ? *stack++ : 0;
    report->rip = stack[0];
    report->cs = stack[1];
    report->rflags = stack[2];
    report->rsp = stack[3];
    report->ss = stack[4];
    return 0;
}
