/*
 * sandbox.c - a sandbox for untrusted code: one VM, one vCPU at CPL 3,
 * host calls through the shared buffer, snapshot and reset.
 * Introduced in chapter 13.
 */
#include <elf.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>

#include "call_timer.h"
#include "elf_loader.h"
#include "exits.h"
#include "hypercall.h"
#include "kvm.h"
#include "machine.h"
#include "sandbox.h"
#include "snapshot.h"
#include "trace.h"
#include "user_mode.h"

#define MAX_REGIONS (ELF_MAX_PROGRAM_HEADERS + 2)

struct sandbox {
    struct machine machine;
    struct sandbox_config config;
    struct sandbox_layout layout;
    struct memory_snapshot memory;
    struct memory_range writable[SNAPSHOT_MAX_RANGES]; /* for resets */
    int writable_count;
    struct call_timer timer;
    uint8_t *shared;              /* the shared buffer, host side */
    bool needs_reset;             /* a call failed, or ran since */
    bool needs_full_restore;      /* the vCPU may be in any state */
    struct vcpu_state state;      /* the vCPU at the snapshot (last: its
                                     XSAVE area may end in extra[]) */
};

struct sandbox_config sandbox_defaults(void)
{
    return (struct sandbox_config){
        .memory_size = 4 << 20,
        .shared_size = 64 << 10,
        .timeout = 1.0,
        .max_refusals = 100,
        .reset_way = SANDBOX_RESET_AUTO,
    };
}

const char *sandbox_status_text(enum sandbox_status status)
{
    switch (status) {
    case SANDBOX_OK:
        return "returned";
    case SANDBOX_TIMED_OUT:
        return "time limit exceeded";
    case SANDBOX_TOO_MANY_REFUSALS:
        return "too many refused host calls";
    case SANDBOX_CRASHED:
        return "sandbox crashed";
    }
    return "unknown status";
}

int sandbox_reset_way_parse(const char *text, enum sandbox_reset_way *way)
{
    static const char *const names[] = {"auto", "dirty-log", "copy-all"};

    for (int i = 0; i < 3; i++)
        if (!strcmp(text, names[i])) {
            *way = (enum sandbox_reset_way)i;
            return 0;
        }
    errno = EINVAL;
    return -1;
}

// ANCHOR: in_shared
bool sandbox_in_shared(uint64_t address, uint64_t length,
                       uint64_t shared_size)
{
    /* Subtractions only: address + length could wrap past 2^64 and
     * look small. */
    return address >= SANDBOX_SHARED &&
           address - SANDBOX_SHARED <= shared_size &&
           length <= shared_size - (address - SANDBOX_SHARED);
}
// ANCHOR_END: in_shared

/* ---- creating it ------------------------------------------------------ */

static int check_config(const struct sandbox_config *config,
                        const char **failed_step)
{
    *failed_step = "the sandbox's configuration";
    errno = EINVAL;
    if (config->shared_size < 2 * SANDBOX_WRITE_MAX ||
        config->shared_size > SANDBOX_SHARED_MAX ||
        config->shared_size % VM_PAGE_SIZE ||
        config->memory_size % VM_PAGE_SIZE ||
        config->memory_size < SANDBOX_PROGRAM + 2 * SANDBOX_STACK_SIZE ||
        config->memory_size > (256ull << 20) || !(config->timeout > 0) ||
        config->max_refusals == 0 || config->function_count < 0 ||
        config->reset_way > SANDBOX_RESET_COPY_ALL ||
        (config->function_count > 0 && !config->functions))
        return -1;
    return 0;
}

/* AUTO's choice, from the most the guest could write: the shared buffer
 * and everything from the program up. */
static enum sandbox_reset_way choose_reset_way(const struct sandbox_config *c)
{
    uint64_t writable = (c->shared_size + c->memory_size - SANDBOX_PROGRAM) /
                        VM_PAGE_SIZE;

    if (c->reset_way != SANDBOX_RESET_AUTO)
        return c->reset_way;
    return writable <= SANDBOX_COPY_ALL_MAX_PAGES ? SANDBOX_RESET_COPY_ALL
                                                   : SANDBOX_RESET_DIRTY_LOG;
}

/* The VM, its one slot at 0 (with a dirty log if resets use it) and the
 * vCPU. */
static int create_machine(struct sandbox *sandbox, const char **failed_step)
{
    struct machine *machine = &sandbox->machine;
    uint32_t flags = sandbox->layout.reset_way == SANDBOX_RESET_DIRTY_LOG
                         ? KVM_MEM_LOG_DIRTY_PAGES
                         : 0;

    if (machine_create_vm_flags(machine, sandbox->config.memory_size, flags,
                                failed_step) < 0)
        return -1;
    sandbox->shared = machine->memory + SANDBOX_SHARED;
    return vcpu_create(&machine->vm, 0, &machine->vcpu, failed_step);
}

static uint64_t page_down(uint64_t address)
{
    return address & ~(uint64_t)(VM_PAGE_SIZE - 1);
}

static uint64_t page_up(uint64_t address)
{
    return page_down(address + VM_PAGE_SIZE - 1);
}

// ANCHOR: segment_rights
/* A segment's pages get the rights its ELF flags ask for. Two segments
 * may not share a page: it could have only one set of rights. */
static int program_regions(struct sandbox *sandbox,
                           const struct elf_info *info,
                           struct user_region *regions, int *count)
{
    struct sandbox_layout *layout = &sandbox->layout;
    uint64_t end = 0;

    for (int i = 0; i < info->segments; i++) {
        const struct elf_segment *s = &info->segment[i];
        struct user_region *region = &regions[(*count)++];

        region->address = page_down(s->address);
        region->size = page_up(s->address + s->size) - region->address;
        region->rights = (s->flags & PF_W ? USER_WRITE : 0) |
                         (s->flags & PF_X ? USER_EXEC : 0);
        if (region->address < end || !user_region_valid(region))
            return -1; /* sorted, apart, and never writable + executable */
        end = region->address + region->size;
        *(s->flags & PF_X   ? &layout->code_pages
          : s->flags & PF_W ? &layout->data_pages
                            : &layout->constant_pages) +=
            region->size / VM_PAGE_SIZE;
    }
    layout->program_start = regions[*count - info->segments].address;
    layout->program_end = end;
    return 0;
}
// ANCHOR_END: segment_rights

/* The pages the guest may write: all a reset may need to put back. */
static int writable_ranges(struct sandbox *sandbox,
                           const struct user_region *regions, int count,
                           const char **failed_step)
{
    for (int i = 0; i < count; i++) {
        if (!(regions[i].rights & USER_WRITE))
            continue;
        *failed_step = "it has too many writable segments";
        if (sandbox->writable_count == SNAPSHOT_MAX_RANGES)
            return -1;
        sandbox->writable[sandbox->writable_count++] =
            (struct memory_range){regions[i].address, regions[i].size};
    }
    return 0;
}

/* Load the program and decide the memory map (sandbox_abi.h). */
static int load_program(struct sandbox *sandbox, const uint8_t *program,
                        size_t size, struct user_region *regions,
                        int *count, uint64_t *entry, const char **failed_step)
{
    struct sandbox_layout *layout = &sandbox->layout;
    struct elf_info info;
    enum elf_result loaded;

    loaded = elf_load_above(&sandbox->machine.vm, program, size,
                            SANDBOX_PROGRAM, &info);
    errno = ENOEXEC;
    *failed_step = elf_result_text(loaded);
    if (loaded != ELF_OK)
        return -1;
    /* The loader wrote the data segments: tell the dirty log (vm.h), so
     * that the snapshot saves them. */
    for (int i = 0; i < info.segments; i++)
        if (info.segment[i].flags & PF_W)
            vm_guest_to_host_writable(&sandbox->machine.vm,
                                      info.segment[i].address,
                                      info.segment[i].size);
    regions[(*count)++] = (struct user_region){
        SANDBOX_SHARED, sandbox->config.shared_size, USER_WRITE};
    *failed_step = "its segments share pages, or one is both writable and "
                   "executable: link it with guests/sandbox/sandbox.ld";
    if (program_regions(sandbox, &info, regions, count) < 0)
        return -1;
    layout->memory_size = sandbox->config.memory_size;
    layout->shared_size = sandbox->config.shared_size;
    layout->heap = layout->program_end;
    layout->stack = layout->memory_size;
    *failed_step = "it leaves no room for its stack: give it more memory";
    if (layout->heap + SANDBOX_STACK_SIZE > layout->stack)
        return -1;
    layout->heap_size = layout->stack - SANDBOX_STACK_SIZE - layout->heap;
    /* The heap and the stack: one writable region up to the top. */
    regions[(*count)++] = (struct user_region){
        layout->heap, layout->stack - layout->heap, USER_WRITE};
    *entry = info.entry;
    return writable_ranges(sandbox, regions, *count, failed_step);
}

/* Start at CPL 3 at the entry, with the start-up arguments start.S
 * passes to sandbox_init(). */
static int start_vcpu(struct sandbox *sandbox,
                      const struct user_region *regions, int count,
                      uint64_t entry, const char **failed_step)
{
    const struct sandbox_layout *layout = &sandbox->layout;
    struct user_mode_plan plan = {
        .system_area = SANDBOX_SYSTEM_AREA,
        .tables = SANDBOX_TABLES,
        .tables_size = SANDBOX_TABLES_SIZE,
        .regions = regions,
        .region_count = count,
        .rip = entry,
        .rsp = layout->stack,
        .cpl = 3,
    };
    struct kvm_regs regs;

    if (user_mode_boot(&sandbox->machine, &plan, failed_step) < 0)
        return -1;
    *failed_step = "KVM_SET_REGS";
    if (vcpu_get_regs(&sandbox->machine.vcpu, &regs) < 0)
        return -1;
    regs.rdi = layout->shared_size;
    regs.rsi = layout->heap;
    regs.rdx = layout->heap_size;
    regs.rcx = sandbox->config.init_input_length;
    if (vcpu_set_regs(&sandbox->machine.vcpu, &regs) < 0)
        return -1;
    /* After every exit KVM copies the registers into kvm_run. */
    sandbox->machine.vcpu.run->kvm_valid_regs =
        KVM_SYNC_X86_REGS | KVM_SYNC_X86_SREGS;
    return 0;
}

static int run_call(struct sandbox *sandbox, struct sandbox_result *result);

/* The start-up input, where sandbox_init() will find it. */
static int copy_init_input(struct sandbox *sandbox, const char **failed_step)
{
    size_t length = sandbox->config.init_input_length;

    *failed_step = "copying the start-up input";
    if (length > sandbox->config.shared_size) {
        errno = E2BIG;
        return -1;
    }
    if (length) /* through vm.h, so that the dirty log knows the pages */
        memcpy(vm_guest_to_host_writable(&sandbox->machine.vm,
                                         SANDBOX_SHARED, length),
               sandbox->config.init_input, length);
    return 0;
}

// ANCHOR: take_snapshot
/* Run sandbox_init() to its SANDBOX_RETURN, then snapshot. */
static int take_snapshot(struct sandbox *sandbox, struct sandbox_init *init,
                         const char **failed_step)
{
    struct vcpu *vcpu = &sandbox->machine.vcpu;
    struct sandbox_result result;
    int ran;

    *failed_step = "running its sandbox_init()";
    if (run_call(sandbox, &result) < 0)
        return -1;
    init->value = result.value;
    init->length = result.length < sizeof(init->message)
                       ? result.length
                       : sizeof(init->message) - 1;
    if (init->length)
        memcpy(init->message, result.data, init->length);
    *failed_step = result.status != SANDBOX_OK
                       ? sandbox_status_text(result.status)
                       : "its sandbox_init() did not return 0";
    if (result.status != SANDBOX_OK || result.value != 0) {
        errno = ECANCELED;
        return -1;
    }
    /* The `out` that returned is finished only by the next KVM_RUN,
     * which moves RIP past it: "the kernel side will first finish
     * incomplete operations and then check for pending signals" (api.rst,
     * under KVM_EXIT_IO). With immediate_exit set, it does just that and
     * returns EINTR without entering the guest. */
    *failed_step = "KVM_RUN with immediate_exit";
    vcpu->run->immediate_exit = 1;
    ran = ioctl(vcpu->fd, KVM_RUN, 0);
    vcpu->run->immediate_exit = 0;
    if (ran == 0)
        errno = EPROTO; /* it entered the guest after all */
    if (ran == 0 || errno != EINTR)
        return -1;
    *failed_step = "saving the vCPU's state";
    if (vcpu_state_save(vcpu, &sandbox->state) < 0)
        return -1;
    *failed_step = "copying its memory";
    return memory_snapshot_take(&sandbox->memory, &sandbox->machine.vm, 0,
                                sandbox->writable, sandbox->writable_count);
}
// ANCHOR_END: take_snapshot

int sandbox_create(struct sandbox **out, const struct sandbox_config *config,
                   const uint8_t *program, size_t size,
                   struct sandbox_init *init, const char **failed_step)
{
    struct user_region regions[MAX_REGIONS];
    struct sandbox *sandbox;
    uint64_t entry;
    int count = 0;

    *out = NULL;
    memset(init, 0, sizeof(*init));
    if (check_config(config, failed_step) < 0)
        return -1;
    sandbox = calloc(1, sizeof(*sandbox));
    if (!sandbox) {
        *failed_step = "allocating the sandbox";
        return -1;
    }
    sandbox->config = *config;
    sandbox->layout.reset_way = choose_reset_way(config);
    sandbox->machine.kvm_fd = -1;
    sandbox->machine.vm.fd = -1;
    sandbox->machine.vcpu.fd = -1;
    if (create_machine(sandbox, failed_step) < 0 ||
        load_program(sandbox, program, size, regions, &count, &entry,
                     failed_step) < 0 ||
        start_vcpu(sandbox, regions, count, entry, failed_step) < 0 ||
        (*failed_step = "timer_create", call_timer_create(&sandbox->timer)) <
            0 ||
        copy_init_input(sandbox, failed_step) < 0 ||
        take_snapshot(sandbox, init, failed_step) < 0) {
        sandbox_destroy(sandbox);
        return -1;
    }
    *out = sandbox;
    return 0;
}

/* ---- a call ----------------------------------------------------------- */

/* What a hypercall exit became. */
enum host_call_result {
    CALL_GOES_ON,  /* run the guest again */
    CALL_RETURNED, /* SANDBOX_RETURN */
    CALL_REFUSED,  /* refused: counted, and the guest runs on */
};

static enum host_call_result refuse(struct kvm_regs *regs)
{
    regs->rax = SANDBOX_REFUSED;
    return CALL_REFUSED;
}

// ANCHOR: host_call
/* A host call: the number in RAX, arguments in RBX, RCX and RSI. Every
 * buffer is checked against the shared buffer before it is touched. */
static enum host_call_result host_call(struct sandbox *sandbox,
                                       struct kvm_regs *regs,
                                       struct sandbox_result *result)
{
    const struct sandbox_config *config = &sandbox->config;
    uint64_t number = regs->rax;
    /* SANDBOX_RETURN(value, data, length); the rest (data, length, ...) */
    bool returning = number == SANDBOX_RETURN;
    uint64_t address = returning ? regs->rcx : regs->rbx;
    uint64_t length = returning ? regs->rsi : regs->rcx;
    const struct sandbox_function *function = NULL;
    bool has_buffer = returning || number == SANDBOX_WRITE;
    uint8_t *data;
    int64_t value;

    result->host_calls++;
    if (number >= SANDBOX_FIRST_FUNCTION) {
        if (number - SANDBOX_FIRST_FUNCTION >=
            (uint64_t)config->function_count)
            return refuse(regs); /* no such function */
        function = &config->functions[number - SANDBOX_FIRST_FUNCTION];
        has_buffer = function->buffer;
    }
    if (has_buffer && length > 0 &&
        !sandbox_in_shared(address, length, config->shared_size))
        return refuse(regs);
    /* Only now, checked, does the address become a host pointer. */
    data = length ? sandbox->shared + (address - SANDBOX_SHARED) : NULL;
    if (returning) {
        result->value = (int64_t)regs->rbx;
        result->data = data;
        result->length = length;
        return CALL_RETURNED;
    }
    if (number == SANDBOX_WRITE) {
        if (length > SANDBOX_WRITE_MAX)
            return refuse(regs);
        if (config->output)
            config->output(config->context, (const char *)data, length);
        regs->rax = length;
        return CALL_GOES_ON;
    }
    value = function->call(config->context,
                           &(struct sandbox_args){
                               .arg = {regs->rbx, regs->rcx, regs->rsi},
                               .data = has_buffer ? data : NULL,
                               .length = has_buffer ? length : 0,
                           });
    if (value < 0)
        return refuse(regs);
    regs->rax = value;
    return CALL_GOES_ON;
}
// ANCHOR_END: host_call

/* Is this exit a host call: `out dx, eax` to HYPERCALL_PORT, once? */
static bool is_host_call(const struct kvm_run *run)
{
    return run->io.direction == KVM_EXIT_IO_OUT &&
           run->io.port == HYPERCALL_PORT && run->io.size == 4 &&
           run->io.count == 1;
}

/* Port I/O that is not a host call: refused. An `in` reads all ones, as
 * from a port no device answers. */
static enum host_call_result other_io(struct kvm_run *run)
{
    if (run->io.direction == KVM_EXIT_IO_IN)
        memset((uint8_t *)run + run->io.data_offset, 0xff,
               (size_t)run->io.size * run->io.count);
    return CALL_REFUSED;
}

/* --trace: each exit, decoded, and each host call with its result. */
static void trace_exit(const struct kvm_run *run, unsigned long number)
{
    char text[160];

    if (trace_enabled)
        trace("exit %lu at rip %#llx: %s", number,
              (unsigned long long)run->s.regs.regs.rip,
              exit_describe(text, sizeof(text), run));
}

// ANCHOR: run_call
/* KVM_RUN until the program returns, within the time limit and the
 * refusal limit. Returns 0 with the status in *result, or -1 (errno). */
static int run_call(struct sandbox *sandbox, struct sandbox_result *result)
{
    struct vcpu *vcpu = &sandbox->machine.vcpu;
    struct kvm_run *run = vcpu->run;
    struct kvm_regs *regs = &run->s.regs.regs;
    int err = 0;

    memset(result, 0, sizeof(*result));
    if (call_timer_arm(&sandbox->timer, sandbox->config.timeout) < 0)
        return -1;
    for (;;) {
        enum host_call_result what;

        if (ioctl(vcpu->fd, KVM_RUN, 0) < 0) {
            if (errno != EINTR) {
                err = errno;
                break;
            }
            if (!call_timer_expired(&sandbox->timer))
                continue; /* a late signal from an earlier call */
            result->status = SANDBOX_TIMED_OUT;
            break;
        }
        result->exits++;
        trace_exit(run, result->exits);
        if (run->exit_reason != KVM_EXIT_IO) {
            result->status = SANDBOX_CRASHED;
            result->crash = exit_name(run->exit_reason);
            break;
        }
        if (!is_host_call(run)) {
            what = other_io(run);
        } else {
            uint64_t number = regs->rax;

            what = host_call(sandbox, regs, result);
            trace("host call %llu: %s", (unsigned long long)number,
                  what == CALL_REFUSED ? "refused" : "served");
            if (what == CALL_RETURNED)
                break;
            run->kvm_dirty_regs |= KVM_SYNC_X86_REGS; /* RAX: its result */
        }
        if (what == CALL_REFUSED &&
            ++result->refusals >= sandbox->config.max_refusals) {
            result->status = SANDBOX_TOO_MANY_REFUSALS;
            break;
        }
    }
    call_timer_disarm(&sandbox->timer);
    if (err) {
        errno = err;
        return -1;
    }
    return 0;
}
// ANCHOR_END: run_call

// ANCHOR: call
int sandbox_call(struct sandbox *sandbox, uint64_t function,
                 uint64_t argument, const void *input, size_t input_length,
                 struct sandbox_result *result)
{
    struct kvm_run *run = sandbox->machine.vcpu.run;
    struct kvm_regs *regs = &run->s.regs.regs;
    void *shared;

    if (sandbox->needs_full_restore) {
        errno = EBUSY; /* reset it first */
        return -1;
    }
    if (input_length > sandbox->config.shared_size) {
        errno = E2BIG;
        return -1;
    }
    /* Written through vm_guest_to_host_writable(), so that a dirty-log
     * reset knows these pages too. */
    shared = vm_guest_to_host_writable(&sandbox->machine.vm, SANDBOX_SHARED,
                                       input_length);
    if (input_length) /* memcpy's pointers must be valid, even for 0 */
        memcpy(shared, input, input_length);
    /* Every call starts at sandbox_call_entry with the snapshot's
     * registers, whatever the last call left in them. */
    *regs = sandbox->state.regs;
    regs->rdi = function;
    regs->rsi = argument;
    regs->rdx = SANDBOX_SHARED;
    regs->rcx = input_length;
    run->kvm_dirty_regs |= KVM_SYNC_X86_REGS;
    sandbox->needs_reset = true;
    if (run_call(sandbox, result) < 0) {
        sandbox->needs_full_restore = true;
        return -1;
    }
    /* A failed call leaves the vCPU where it stopped: reset it first. */
    sandbox->needs_full_restore = result->status != SANDBOX_OK;
    return 0;
}
// ANCHOR_END: call

// ANCHOR: reset
int sandbox_reset(struct sandbox *sandbox, struct sandbox_reset_stats *stats)
{
    struct vcpu *vcpu = &sandbox->machine.vcpu;
    long pages;

    stats->full = sandbox->needs_full_restore;
    /* After a failure the vCPU may be anywhere (a triple fault on AMD
     * even resets it): every part, with its ioctl. Otherwise it stopped
     * at its own SANDBOX_RETURN and sync_regs will do. */
    if ((stats->full ? vcpu_state_restore(vcpu, &sandbox->state)
                     : vcpu_state_restore_sync(vcpu, &sandbox->state)) < 0)
        return -1;
    pages = sandbox->layout.reset_way == SANDBOX_RESET_DIRTY_LOG
                ? memory_restore_dirty(&sandbox->memory)
                : memory_restore_all(&sandbox->memory);
    if (pages < 0)
        return -1;
    stats->pages = pages;
    sandbox->needs_reset = false;
    sandbox->needs_full_restore = false;
    return 0;
}
// ANCHOR_END: reset

bool sandbox_needs_reset(const struct sandbox *sandbox)
{
    return sandbox->needs_reset;
}

int sandbox_set_timeout(struct sandbox *sandbox, double seconds)
{
    if (!(seconds > 0)) {
        errno = EINVAL;
        return -1;
    }
    sandbox->config.timeout = seconds;
    return 0;
}

void sandbox_poison(struct sandbox *sandbox)
{
    sandbox->needs_reset = true;
    sandbox->needs_full_restore = true;
}

const struct sandbox_layout *sandbox_layout(const struct sandbox *sandbox)
{
    return &sandbox->layout;
}

int sandbox_vcpu_fd(const struct sandbox *sandbox)
{
    return sandbox->machine.vcpu.fd;
}

void sandbox_destroy(struct sandbox *sandbox)
{
    if (!sandbox)
        return;
    call_timer_destroy(&sandbox->timer);
    memory_snapshot_free(&sandbox->memory);
    machine_destroy(&sandbox->machine);
    free(sandbox);
}
