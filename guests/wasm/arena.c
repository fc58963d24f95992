/*
 * arena.c - all the memory the interpreter uses comes from arenas its
 * embedder gives: no malloc (the guest has none), and nothing to free.
 * Permanent things grow up from the bottom; scratch space for loading
 * (the validator's stacks) comes from the top and is given back.
 *
 * Introduced in chapter 13.
 */
#include "internal.h"

#define ALIGN 8

void arena_init(struct arena *arena, void *base, size_t size)
{
    uintptr_t start = ((uintptr_t)base + ALIGN - 1) & ~(uintptr_t)(ALIGN - 1);
    size_t lost = start - (uintptr_t)base;

    arena->base = (uint8_t *)start;
    arena->size = size > lost ? size - lost : 0;
    arena->size &= ~(size_t)(ALIGN - 1);
    arena->low = 0;
    arena->high = arena->size;
}

void *arena_reserve(struct arena *arena, uint64_t size)
{
    uint64_t rounded = (size + ALIGN - 1) & ~(uint64_t)(ALIGN - 1);
    void *block;

    if (rounded < size || rounded > arena->high - arena->low)
        return NULL;
    block = arena->base + arena->low;
    arena->low += rounded;
    return block;
}

void *arena_alloc(struct arena *arena, size_t size)
{
    void *block = arena_reserve(arena, size);

    if (block)
        memset(block, 0, size);
    return block;
}

void *arena_array(struct arena *arena, uint64_t count, size_t size)
{
    if (size && count > (uint64_t)(arena->high - arena->low) / size)
        return NULL;
    return arena_alloc(arena, (size_t)count * size);
}

void *arena_array_uncleared(struct arena *arena, uint64_t count, size_t size)
{
    if (size && count > (uint64_t)(arena->high - arena->low) / size)
        return NULL;
    return arena_reserve(arena, (size_t)count * size);
}

void *arena_scratch(struct arena *arena, uint64_t size)
{
    uint64_t rounded = (size + ALIGN - 1) & ~(uint64_t)(ALIGN - 1);

    if (rounded < size || rounded > arena->high - arena->low)
        return NULL;
    arena->high -= rounded;
    return arena->base + arena->high;
}

void arena_release(struct arena *arena, size_t high)
{
    arena->high = high;
}
