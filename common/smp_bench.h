/*
 * smp_bench.h - the marks chapter 11's benchmark guest
 * (guests/tests/smp-bench.c) writes for make bench
 * (tests/tools/bench/smp-cost.c), shared like hypercall.h.
 *
 * Introduced in chapter 11.
 */
#ifndef KVM101_SMP_BENCH_H
#define KVM101_SMP_BENCH_H

#define SMP_BENCH_PORT 0x0530
#define SMP_BENCH_MARK_NOTHING 0 /* a floor round trip */
#define SMP_BENCH_MARK_FLOOR 1
#define SMP_BENCH_MARK_START 2
#define SMP_BENCH_MARK_IPI 3
#define SMP_BENCH_MARK_END 4
#define SMP_BENCH_MARKS 5

#define SMP_BENCH_FLOOR_ROUNDS 200
#define SMP_BENCH_IPI_ROUNDS 200

#endif
