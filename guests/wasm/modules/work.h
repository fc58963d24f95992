/*
 * work.h - the functions the demo module exports and make bench times:
 * plain C, compiled to wasm32 by clang for the modules beside it
 * and natively by gcc for the comparison (tests/tools/bench/wasm-native.c).
 */
#ifndef KVM101_WASM_WORK_H
#define KVM101_WASM_WORK_H

#include <stdint.h>

static inline int32_t fib(int32_t n)
{
    return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

/* A 64-bit hash loop: FNV-1a over the numbers 0..n-1, mixed. */
static inline int64_t hash(int32_t n)
{
    uint64_t h = 0xcbf29ce484222325u;

    for (int32_t i = 0; i < n; i++) {
        h ^= (uint32_t)i;
        h *= 0x100000001b3u;
        h ^= h >> 29;
    }
    return (int64_t)h;
}

#endif
