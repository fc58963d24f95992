/*
 * Exercise 13.1 (easy): add a host function.
 *
 * A sandbox offers its program the host functions in its config's table
 * (struct sandbox_function, common/sandbox.h): host call number
 * SANDBOX_FIRST_FUNCTION is the table's first entry. Fill in
 * exercise_functions[0]: a function "sum" that takes a buffer (so the
 * sandbox checks it against the shared buffer and hands it over as
 * args->data and args->length) and returns the sum of its bytes, each
 * read as an unsigned value. A buffer longer than SUM_MAX bytes is
 * refused: return SANDBOX_REFUSED.
 *
 * Hint: set .buffer = true, or the sandbox hands you no data at all. The
 * sum of at most 1024 bytes fits easily in an int64_t.
 *
 * Book: book/13-sandbox.md, "Host calls".
 * Check: make ex EX=13.1
 */
#include <stddef.h>
#include <stdint.h>

#include "sandbox.h"

#define SUM_MAX 1024

static int64_t sum(void *context, const struct sandbox_args *args)
{
    (void)context;
    (void)args;
    return SANDBOX_REFUSED; /* your code here */
}

const struct sandbox_function exercise_functions[] = {
    {"sum", false, sum}, /* and here */
};
