/*
 * cost_table.c - chapter 14's tables. Introduced in chapter 14.
 */
#include "cost_table.h"

// ANCHOR: counters
/* What each one counts (virt/kvm and arch/x86/kvm in the kernel): every
 * exit from the guest; port I/O and MMIO exits; hlt; interrupts KVM put
 * into the guest; instructions KVM's emulator ran. */
const char *const cost_counter_names[COST_COUNTERS] = {
    "exits",      "io_exits",       "mmio_exits",
    "halt_exits", "irq_injections", "insn_emulation",
};
// ANCHOR_END: counters

static const char *const counter_labels[COST_COUNTERS] = {
    "exits", "io", "mmio", "halt", "irq_inj", "emulated",
};

void cost_counters_read(const struct kvm_stats *stats,
                        uint64_t values[COST_COUNTERS])
{
    for (int i = 0; i < COST_COUNTERS; i++)
        if (kvm_stats_value(stats, cost_counter_names[i], &values[i]) < 0)
            values[i] = COST_COUNTER_MISSING;
}

void cost_table_print(FILE *out, const struct cost_row *rows, int n)
{
    fprintf(out, "%-15s %3s %8s %10s %10s %10s\n", "exit", "cpl", "count",
            "median us", "p10 us", "p90 us");
    for (int i = 0; i < n; i++)
        fprintf(out, "%-15s %3d %8u %10.2f %10.2f %10.2f\n", rows[i].exit,
                rows[i].cpl, rows[i].count, rows[i].spread.median / 1000,
                rows[i].spread.p10 / 1000, rows[i].spread.p90 / 1000);
    fprintf(out, "\nKVM's counters (KVM_GET_STATS_FD), moved during each "
                 "row:\n%-15s %3s", "exit", "cpl");
    for (int c = 0; c < COST_COUNTERS; c++)
        fprintf(out, " %9s", counter_labels[c]);
    fputc('\n', out);
    for (int i = 0; i < n; i++) {
        fprintf(out, "%-15s %3d", rows[i].exit, rows[i].cpl);
        for (int c = 0; c < COST_COUNTERS; c++)
            if (rows[i].before[c] == COST_COUNTER_MISSING ||
                rows[i].after[c] == COST_COUNTER_MISSING)
                fprintf(out, " %9s", "-");
            else
                fprintf(out, " %9llu", (unsigned long long)(rows[i].after[c] -
                                                            rows[i].before[c]));
        fputc('\n', out);
    }
}

void cost_table_json(FILE *out, const struct cost_row *rows, int n)
{
    fputs("[\n", out);
    for (int i = 0; i < n; i++)
        fprintf(out,
                "  {\"exit\": \"%s\", \"cpl\": %d, \"count\": %u, "
                "\"median_ns\": %.0f, \"p10_ns\": %.0f, \"p90_ns\": %.0f}%s\n",
                rows[i].exit, rows[i].cpl, rows[i].count,
                rows[i].spread.median, rows[i].spread.p10, rows[i].spread.p90,
                i + 1 < n ? "," : "");
    fputs("]\n", out);
}
