/*
 * bench.c - make bench's modules: one export, "run", taking no
 * arguments, so that wabt's wasm-interp (which cannot pass any) runs the
 * same code as the others. Built twice: -DBENCH_FIB (fib(35)) and
 * -DBENCH_HASH -DBENCH_HASH_N=N (the hash loop). The argument is a
 * global the compiler cannot see through, so nothing is computed at build
 * time.
 */
#include "work.h"

volatile int32_t bench_n =
#ifdef BENCH_FIB
    35;
#else
    BENCH_HASH_N;
#endif

__attribute__((export_name("run"))) int64_t run(void)
{
#ifdef BENCH_FIB
    return fib(bench_n);
#else
    return hash(bench_n);
#endif
}
