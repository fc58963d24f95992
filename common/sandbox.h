/*
 * sandbox.h - a sandbox for untrusted code: a small C API a server could
 * embed (create, call, reset, destroy).
 *
 * A sandbox is a VM with one vCPU and no kernel in it: the program (an
 * ELF file linked with guests/sandbox/sandbox.ld) runs at CPL 3, where
 * the host started it, with page tables that map only its own memory
 * (nothing both writable and executable) and no IDT, so that any fault
 * ends the call. Its only way out is a host call (sandbox_abi.h), whose
 * arguments the host checks against the one shared buffer. After the
 * program's sandbox_init() the host takes a snapshot of its memory and
 * vCPU; sandbox_reset() puts it back, so that no call sees another's
 * data.
 *
 * A sandbox belongs to the thread that created it: its vCPU's ioctls and
 * its time limit's signal (STOPPER_SIGNAL, SIGUSR1, whose handler it
 * installs) are that thread's. Like every helper, these return -1 with
 * errno set and never print.
 *
 * Introduced in chapter 13.
 */
#ifndef KVM101_SANDBOX_H
#define KVM101_SANDBOX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sandbox_abi.h"

struct sandbox;

// ANCHOR: function
/* What a host function gets: the three arguments as the program passed
 * them and, for a function that takes a buffer, the first two (an
 * address and a length) checked against the shared buffer and made a
 * host pointer. */
struct sandbox_args {
    uint64_t arg[3]; /* RBX, RCX, RSI */
    uint8_t *data;   /* `buffer` functions: arg[0] in the shared buffer */
    uint64_t length; /* and arg[1], its length (data is NULL if 0) */
};

/* A host function the embedder offers: host call number
 * SANDBOX_FIRST_FUNCTION + its index. It returns the result for the
 * program (>= 0), or SANDBOX_REFUSED, which the sandbox counts. */
struct sandbox_function {
    const char *name;
    bool buffer; /* its first two arguments are a shared-buffer range */
    int64_t (*call)(void *context, const struct sandbox_args *args);
};
// ANCHOR_END: function

// ANCHOR: config
enum sandbox_reset_way {
    SANDBOX_RESET_AUTO,      /* copy-all for a small sandbox, else the log */
    SANDBOX_RESET_DIRTY_LOG, /* the pages KVM's dirty log names */
    SANDBOX_RESET_COPY_ALL,  /* every writable page */
};

/* AUTO's line: a sandbox with at most this many writable pages is reset
 * by copying them all. Measured (make bench, g): putting a page back
 * costs about 0.06 us (most are zero, and zeroed), while the dirty log
 * costs an ioctl and, for each page the guest writes, a write-protection
 * fault (14 us on nested PVM); with one page dirtied per call they cross
 * near 500 pages. */
#define SANDBOX_COPY_ALL_MAX_PAGES 512

struct sandbox_config {
    uint64_t memory_size;  /* all of guest memory, fixed (default 4 MiB) */
    uint64_t shared_size;  /* the shared buffer (default 64 KiB) */
    double timeout;        /* seconds per call (default 1) */
    unsigned max_refusals; /* refused host calls that end a call (100) */
    enum sandbox_reset_way reset_way;
    const struct sandbox_function *functions;
    int function_count;
    /* Where SANDBOX_WRITE's text goes (untouched: escape it to print
     * it), or NULL to drop it. */
    void (*output)(void *context, const char *text, size_t length);
    void *context; /* for output and the functions */
    /* Bytes copied to the start of the shared buffer before the program
     * starts (a module to load, say): sandbox_init() gets their length.
     * They are in the snapshot, like everything sandbox_init() made. */
    const void *init_input;
    size_t init_input_length;
};
// ANCHOR_END: config

/* A config with every default. */
struct sandbox_config sandbox_defaults(void);

// ANCHOR: result
enum sandbox_status {
    SANDBOX_OK,                /* the program returned */
    SANDBOX_TIMED_OUT,         /* still running at the time limit */
    SANDBOX_TOO_MANY_REFUSALS, /* max_refusals host calls refused */
    SANDBOX_CRASHED,           /* the vCPU stopped: a fault, which with
                                  no IDT is a triple fault, or an exit no
                                  program makes */
};

struct sandbox_result {
    enum sandbox_status status;
    int64_t value;       /* SANDBOX_OK: what the program returned */
    const uint8_t *data; /* and its data, in the shared buffer: valid */
    uint64_t length;     /* until the next call or reset */
    const char *crash;   /* SANDBOX_CRASHED: what KVM reported */
    unsigned long exits; /* returns from KVM_RUN */
    unsigned long host_calls, refusals;
};
// ANCHOR_END: result

/* What was created, for people. */
struct sandbox_layout {
    uint64_t memory_size, shared_size;
    enum sandbox_reset_way reset_way; /* AUTO decided */
    uint64_t program_start, program_end; /* its pages */
    uint64_t heap, heap_size, stack;     /* stack: its top */
    int code_pages, constant_pages, data_pages;
};

#define SANDBOX_INIT_MESSAGE_MAX 256

/* What the program's sandbox_init() said: its value and, if it ended
 * with sandbox_return() and data, the data (the guest's bytes: escape
 * them to print them), cut to fit and NUL-terminated. */
struct sandbox_init {
    int64_t value;
    char message[SANDBOX_INIT_MESSAGE_MAX];
    size_t length;
};

/* Create the VM, load the program, start it at CPL 3, run its
 * sandbox_init() (within config->timeout) and take the snapshot.
 * Returns 0, or -1 with errno set and *failed_step naming the step
 * (ENOEXEC: the program is not a sandbox program, *failed_step says
 * why; ECANCELED: its sandbox_init() did not return 0, or never
 * returned: *init says what it returned). */
int sandbox_create(struct sandbox **sandbox,
                   const struct sandbox_config *config,
                   const uint8_t *program, size_t size,
                   struct sandbox_init *init, const char **failed_step);

/* Copy `input` to the start of the shared buffer and call the program's
 * function `function` with `argument`. Returns 0 with *result filled
 * (whatever the call's status), or -1 with errno set (E2BIG: input
 * larger than the shared buffer; EBUSY: an earlier call failed and the
 * sandbox has not been reset since; an ioctl's errno). A call that does
 * not end with SANDBOX_OK leaves the sandbox needing a reset. */
int sandbox_call(struct sandbox *sandbox, uint64_t function,
                 uint64_t argument, const void *input, size_t input_length,
                 struct sandbox_result *result);

struct sandbox_reset_stats {
    long pages;       /* pages copied back */
    bool full;        /* the vCPU restored with ioctls, after a failure */
};

/* Put memory and the vCPU back as they were at the snapshot. Returns 0,
 * or -1 with errno set (the sandbox is then unusable: destroy it). */
int sandbox_reset(struct sandbox *sandbox, struct sandbox_reset_stats *stats);

/* Change the time limit of the calls from now on (seconds, > 0).
 * Returns 0, or -1 with errno EINVAL. */
int sandbox_set_timeout(struct sandbox *sandbox, double seconds);

/* The embedder found the program misbehaving (a reply of the wrong
 * shape, say): the next call needs a reset, a full one. */
void sandbox_poison(struct sandbox *sandbox);

/* Does the next call need a reset first? */
bool sandbox_needs_reset(const struct sandbox *sandbox);

const struct sandbox_layout *sandbox_layout(const struct sandbox *sandbox);

/* The vCPU's file descriptor and the VM's, for tests and measurements. */
int sandbox_vcpu_fd(const struct sandbox *sandbox);

void sandbox_destroy(struct sandbox *sandbox);

/* "auto", "dirty-log" or "copy-all" into *way. Returns 0, or -1 with
 * errno EINVAL. Pure. */
int sandbox_reset_way_parse(const char *text, enum sandbox_reset_way *way);

/* A sentence for a status. */
const char *sandbox_status_text(enum sandbox_status status);

/* Is [address, address + length) inside the shared buffer, which starts
 * at SANDBOX_SHARED and is shared_size long, without wrapping? Pure:
 * unit-tested. */
bool sandbox_in_shared(uint64_t address, uint64_t length,
                       uint64_t shared_size);

#endif
