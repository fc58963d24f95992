/*
 * sw_breakpoint.c - int3 bytes in guest memory, and the bytes they hide.
 * Introduced in chapter 15.
 */
#include <errno.h>
#include <stdbool.h>

#include "sw_breakpoint.h"

struct sw_breakpoint *sw_breakpoint_find(struct sw_breakpoints *table,
                                         uint64_t address)
{
    for (int i = 0; i < table->count; i++)
        if (table->at[i].address == address)
            return &table->at[i];
    return NULL;
}

// ANCHOR: insert
int sw_breakpoint_insert(struct sw_breakpoints *table, uint64_t address,
                         uint8_t *code)
{
    if (sw_breakpoint_find(table, address))
        return 0; /* a second int3 would save the first as "original" */
    if (table->count == SW_BREAKPOINTS_MAX) {
        errno = ENOSPC;
        return -1;
    }
    table->at[table->count++] = (struct sw_breakpoint){
        .address = address, .code = code, .saved = *code};
    *code = INT3;
    return 0;
}
// ANCHOR_END: insert

int sw_breakpoint_remove(struct sw_breakpoints *table, uint64_t address)
{
    struct sw_breakpoint *breakpoint = sw_breakpoint_find(table, address);

    if (!breakpoint) {
        errno = ENOENT;
        return -1;
    }
    *breakpoint->code = breakpoint->saved;
    *breakpoint = table->at[--table->count];
    return 0;
}

/* Does [address, address + length) hold `at`? (No overflow at the top of
 * the address space: the offset is compared, not the end.) */
static bool inside(uint64_t at, uint64_t address, size_t length)
{
    return at - address < length;
}

// ANCHOR: hide
void sw_breakpoint_hide(const struct sw_breakpoints *table, uint64_t address,
                        uint8_t *bytes, size_t length)
{
    for (int i = 0; i < table->count; i++)
        if (inside(table->at[i].address, address, length))
            bytes[table->at[i].address - address] = table->at[i].saved;
}
// ANCHOR_END: hide

void sw_breakpoint_written(struct sw_breakpoints *table, uint64_t address,
                           uint8_t *code, size_t length)
{
    for (int i = 0; i < table->count; i++) {
        struct sw_breakpoint *breakpoint = &table->at[i];
        uint8_t *byte;

        if (!inside(breakpoint->address, address, length))
            continue;
        byte = code + (breakpoint->address - address);
        breakpoint->saved = *byte; /* what the instruction is now */
        *byte = INT3;              /* and still our breakpoint */
    }
}
