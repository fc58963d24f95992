/*
 * cost_table.h - chapter 14's results: one row per kind of exit and
 * privilege level, printed as a table for people or as JSON for programs,
 * with what KVM's own counters moved by during the row.
 *
 * Like dump.h, it prints to the FILE it is given; it never exits.
 *
 * Introduced in chapter 14.
 */
#ifndef KVM101_COST_TABLE_H
#define KVM101_COST_TABLE_H

#include <stdint.h>
#include <stdio.h>

#include "kvm_stats.h"
#include "samples.h"

/* The vCPU counters the table shows, by KVM's names. */
#define COST_COUNTERS 6
extern const char *const cost_counter_names[COST_COUNTERS];
/* A counter this kernel does not have reads as this. */
#define COST_COUNTER_MISSING UINT64_MAX

struct cost_row {
    const char *exit;       /* the kind's name */
    int cpl;
    unsigned count;         /* how many exits were timed */
    struct spread spread;   /* nanoseconds per exit */
    uint64_t before[COST_COUNTERS], after[COST_COUNTERS];
};

/* Read the counters of cost_counter_names[] now. */
void cost_counters_read(const struct kvm_stats *stats,
                        uint64_t values[COST_COUNTERS]);

/* The two tables: times in microseconds, then the counters' moves. */
void cost_table_print(FILE *out, const struct cost_row *rows, int n);

/* A JSON array, one object per row, with exactly the keys exit, cpl,
 * count, median_ns, p10_ns and p90_ns (whole nanoseconds). */
void cost_table_json(FILE *out, const struct cost_row *rows, int n);

#endif
