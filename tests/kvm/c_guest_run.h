/*
 * c_guest_run.h - what the KVM tests of C guests (chapters 07 and 09)
 * share: load an ELF image, enter long mode at its entry and serve its
 * hypercalls, keeping the guest's console, the host's refusal lines and
 * its "host: the guest caught ..." lines as strings.
 */
#ifndef KVM101_C_GUEST_RUN_H
#define KVM101_C_GUEST_RUN_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "elf_loader.h"
#include "guest.h"
#include "harness.h"
#include "hypercall_host.h"
#include "long_mode.h"
#include "machine.h"
#include "run.h"

struct guest_run {
    struct machine m;
    struct elf_info info;
    struct hypercall_host host;
    struct console console;
    struct run_stats stats;
    enum run_outcome outcome;
    char *output;   /* the console: "guest> ..." lines */
    char *refusals; /* the host's refusal lines */
    char *events;   /* the host's "host: the guest caught ..." lines */
};

/* Load `image` into a machine of memory_size bytes, enter long mode at its
 * entry and serve its hypercalls with `config` until it stops. */
static inline void run_elf(struct guest_run *r, struct guest_image image,
                           uint64_t memory_size, const char *config)
{
    const char *failed_step = NULL;
    size_t output_size, refusals_size, events_size;
    enum elf_result loaded;
    FILE *output, *refusals, *events;

    memset(r, 0, sizeof(*r));
    ck_assert_msg(machine_create(&r->m, memory_size, &failed_step) == 0,
                  "machine_create failed at %s", failed_step);
    loaded = elf_load(&r->m.vm, image.data, image.size, &r->info);
    ck_assert_msg(loaded == ELF_OK, "elf_load: %s", elf_result_text(loaded));
    ck_assert_msg(long_mode_boot(&r->m, r->info.entry, memory_size,
                                 &failed_step) == 0,
                  "long_mode_boot failed at %s", failed_step);
    output = open_memstream(&r->output, &output_size);
    refusals = open_memstream(&r->refusals, &refusals_size);
    events = open_memstream(&r->events, &events_size);
    ck_assert(output && refusals && events);
    console_init(&r->console, output);
    r->host = (struct hypercall_host){.vm = &r->m.vm,
                                      .console = &r->console,
                                      .config = config,
                                      .refusals = refusals,
                                      .events = events};
    r->outcome = run_with_handler(&r->m.vcpu, &r->console, 10.0, &r->stats,
                                  hypercall_handle, &r->host);
    fclose(output);
    fclose(refusals);
    fclose(events);
    r->host.refusals = r->host.events = NULL;
}

static inline void finish(struct guest_run *r)
{
    free(r->output);
    free(r->refusals);
    free(r->events);
    machine_destroy(&r->m);
}

#endif
