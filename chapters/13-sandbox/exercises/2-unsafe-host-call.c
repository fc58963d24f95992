/*
 * Exercise 13.2 (moderate): find the bug in a host call.
 *
 * The host function greet() takes a record in the shared buffer: a name's
 * length in two bytes (little-endian), then the name. It copies the name
 * into an array of its own and writes "hello, NAME" into `greeting`, a
 * host variable. It was written in a hurry: it believes what the guest
 * wrote. Find every way a hostile program can make it read or write
 * where it must not, and make it refuse those calls (return
 * SANDBOX_REFUSED) instead. A well-formed record must still work, and a
 * name of up to 31 bytes still fits.
 *
 * Hint: the sandbox checked `data` and `length` against the shared
 * buffer; nothing checked the record inside them. Which numbers does the
 * code take from the guest, and what does it do with each?
 *
 * Book: book/13-sandbox.md, "Host calls".
 * Check: make ex EX=13.2
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "sandbox.h"

char greeting[48];

static int64_t greet(void *context, const struct sandbox_args *args)
{
    const uint8_t *data = args->data;
    char name[32];
    uint16_t name_length;

    (void)context;
    memcpy(&name_length, data, 2);
    memcpy(name, data + 2, name_length);
    name[name_length] = '\0';
    return snprintf(greeting, sizeof(greeting), "hello, %s", name);
}

const struct sandbox_function exercise_functions[] = {
    {"greet", true, greet},
};
