/*
 * guest15.h - what the tests of exercises 15.1 and 15.2 share: chapter
 * 15's C guest started in long mode (chapter 07's way), its hypercalls
 * served, and the addresses of its symbols.
 */
#ifndef KVM101_GUEST15_TEST_H
#define KVM101_GUEST15_TEST_H

#include <stdio.h>
#include <string.h>

#include "c_guest.h"
#include "harness.h"
#include "hypercall_host.h"
#include "kvm.h"
#include "machine.h"

#define GUEST15_MEMORY (16 << 20)

extern const uint8_t guest_15_debugging[], guest_15_debugging_end[];

struct guest15 {
    struct machine m;
    struct console console;
    struct hypercall_host host;
    FILE *sink; /* the guest's output and the host's lines: not shown */
};

static inline uint64_t guest15_symbol(const char *name, uint64_t *size)
{
    uint64_t address, ignored;

    harness_elf_symbol(guest_15_debugging, name, &address,
                       size ? size : &ignored);
    return address;
}

/* The machine, with the guest loaded and the vCPU at its entry point. */
static inline void guest15_start(struct guest15 *g)
{
    const char *failed;
    const struct guest_image image = {
        guest_15_debugging,
        (size_t)(guest_15_debugging_end - guest_15_debugging), NULL};

    memset(g, 0, sizeof(*g));
    g->sink = fopen("/dev/null", "w");
    ck_assert(g->sink);
    ck_assert_msg(machine_create(&g->m, GUEST15_MEMORY, &failed) == 0,
                  "%s", failed);
    ck_assert_int_eq(c_guest_start(&g->m, &image, "chapter 15's guest"),
                     0);
    console_init(&g->console, g->sink);
    g->host = (struct hypercall_host){.vm = &g->m.vm, .console = &g->console,
                                      .config = "", .refusals = g->sink,
                                      .events = g->sink};
}

/* Run until something stops the guest. */
static inline enum run_outcome guest15_run(struct guest15 *g)
{
    struct run_stats stats;

    return run_with_handler(&g->m.vcpu, &g->console, 5.0, &stats,
                            hypercall_handle, &g->host);
}

static inline void guest15_finish(struct guest15 *g)
{
    machine_destroy(&g->m);
    fclose(g->sink);
}

/* QEMU's emulated SVM never delivers a hardware breakpoint to KVM (book
 * 15, "Breakpoints"): decided by identity. */
#define GUEST15_REQUIRE_BREAKPOINTS()                                          \
    do {                                                                       \
        REQUIRE_KVM();                                                         \
        if (kvm_host_kind() == KVM_HOST_AMD_TCG)                               \
            SKIP_TEST("QEMU's emulated SVM delivers no hardware "              \
                      "breakpoints to KVM");                                   \
    } while (0)

#endif
