/*
 * wasm-native - the functions of guests/wasm/modules/work.h compiled
 * natively (gcc -O2), for make bench to compare the interpreter with:
 *
 *   wasm-native fib 35      prints "fib: i32:9227465" and the time
 *   wasm-native hash N
 *
 * The argument comes from the command line, so that the compiler cannot
 * compute the answer at build time.
 */
#include "../../../guests/wasm/modules/work.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + t.tv_nsec / 1e9;
}

int main(int argc, char *argv[])
{
    double start, seconds;
    int32_t n;

    if (argc != 3 || (strcmp(argv[1], "fib") && strcmp(argv[1], "hash"))) {
        fprintf(stderr, "usage: wasm-native fib|hash N\n");
        return 2;
    }
    n = (int32_t)strtol(argv[2], NULL, 10);
    start = now();
    if (!strcmp(argv[1], "fib"))
        printf("fib: i32:%d\n", fib(n));
    else
        printf("hash: i64:%lld\n", (long long)hash(n));
    seconds = now() - start;
    fprintf(stderr, "wasm-native: %s %d: %.3f s\n", argv[1], n, seconds);
    return 0;
}
