/*
 * gdb_kvm.c - the GDB stub's KVM target.
 * Introduced in chapter 15.
 */
#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>

#include "gdb_kvm.h"
#include "guest_debug.h"
#include "kvm.h"

/* What gdb needs to know of our registers: their names, sizes and order
 * in the `g` packet, in the features gdb's x86-64 support expects
 * (core: the integer and x87 registers; sse: xmm0-15 and mxcsr). */
static const char description[] =
    "<?xml version=\"1.0\"?>\n"
    "<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n"
    "<target version=\"1.0\">\n"
    "<architecture>i386:x86-64</architecture>\n"
    "<feature name=\"org.gnu.gdb.i386.core\">\n"
    "<reg name=\"rax\" bitsize=\"64\" type=\"int64\"/>\n"
    "<reg name=\"rbx\" bitsize=\"64\" type=\"int64\"/>\n"
    "<reg name=\"rcx\" bitsize=\"64\" type=\"int64\"/>\n"
    "<reg name=\"rdx\" bitsize=\"64\" type=\"int64\"/>\n"
    "<reg name=\"rsi\" bitsize=\"64\" type=\"int64\"/>\n"
    "<reg name=\"rdi\" bitsize=\"64\" type=\"int64\"/>\n"
    "<reg name=\"rbp\" bitsize=\"64\" type=\"data_ptr\"/>\n"
    "<reg name=\"rsp\" bitsize=\"64\" type=\"data_ptr\"/>\n"
    "<reg name=\"r8\" bitsize=\"64\" type=\"int64\"/>\n"
    "<reg name=\"r9\" bitsize=\"64\" type=\"int64\"/>\n"
    "<reg name=\"r10\" bitsize=\"64\" type=\"int64\"/>\n"
    "<reg name=\"r11\" bitsize=\"64\" type=\"int64\"/>\n"
    "<reg name=\"r12\" bitsize=\"64\" type=\"int64\"/>\n"
    "<reg name=\"r13\" bitsize=\"64\" type=\"int64\"/>\n"
    "<reg name=\"r14\" bitsize=\"64\" type=\"int64\"/>\n"
    "<reg name=\"r15\" bitsize=\"64\" type=\"int64\"/>\n"
    "<reg name=\"rip\" bitsize=\"64\" type=\"code_ptr\"/>\n"
    "<reg name=\"eflags\" bitsize=\"32\" type=\"int32\"/>\n"
    "<reg name=\"cs\" bitsize=\"32\" type=\"int32\"/>\n"
    "<reg name=\"ss\" bitsize=\"32\" type=\"int32\"/>\n"
    "<reg name=\"ds\" bitsize=\"32\" type=\"int32\"/>\n"
    "<reg name=\"es\" bitsize=\"32\" type=\"int32\"/>\n"
    "<reg name=\"fs\" bitsize=\"32\" type=\"int32\"/>\n"
    "<reg name=\"gs\" bitsize=\"32\" type=\"int32\"/>\n"
    "<reg name=\"st0\" bitsize=\"80\" type=\"i387_ext\"/>\n"
    "<reg name=\"st1\" bitsize=\"80\" type=\"i387_ext\"/>\n"
    "<reg name=\"st2\" bitsize=\"80\" type=\"i387_ext\"/>\n"
    "<reg name=\"st3\" bitsize=\"80\" type=\"i387_ext\"/>\n"
    "<reg name=\"st4\" bitsize=\"80\" type=\"i387_ext\"/>\n"
    "<reg name=\"st5\" bitsize=\"80\" type=\"i387_ext\"/>\n"
    "<reg name=\"st6\" bitsize=\"80\" type=\"i387_ext\"/>\n"
    "<reg name=\"st7\" bitsize=\"80\" type=\"i387_ext\"/>\n"
    "<reg name=\"fctrl\" bitsize=\"32\" type=\"int\" group=\"float\"/>\n"
    "<reg name=\"fstat\" bitsize=\"32\" type=\"int\" group=\"float\"/>\n"
    "<reg name=\"ftag\" bitsize=\"32\" type=\"int\" group=\"float\"/>\n"
    "<reg name=\"fiseg\" bitsize=\"32\" type=\"int\" group=\"float\"/>\n"
    "<reg name=\"fioff\" bitsize=\"32\" type=\"int\" group=\"float\"/>\n"
    "<reg name=\"foseg\" bitsize=\"32\" type=\"int\" group=\"float\"/>\n"
    "<reg name=\"fooff\" bitsize=\"32\" type=\"int\" group=\"float\"/>\n"
    "<reg name=\"fop\" bitsize=\"32\" type=\"int\" group=\"float\"/>\n"
    "</feature>\n"
    "<feature name=\"org.gnu.gdb.i386.sse\">\n"
    "<reg name=\"xmm0\" bitsize=\"128\" type=\"uint128\"/>\n"
    "<reg name=\"xmm1\" bitsize=\"128\" type=\"uint128\"/>\n"
    "<reg name=\"xmm2\" bitsize=\"128\" type=\"uint128\"/>\n"
    "<reg name=\"xmm3\" bitsize=\"128\" type=\"uint128\"/>\n"
    "<reg name=\"xmm4\" bitsize=\"128\" type=\"uint128\"/>\n"
    "<reg name=\"xmm5\" bitsize=\"128\" type=\"uint128\"/>\n"
    "<reg name=\"xmm6\" bitsize=\"128\" type=\"uint128\"/>\n"
    "<reg name=\"xmm7\" bitsize=\"128\" type=\"uint128\"/>\n"
    "<reg name=\"xmm8\" bitsize=\"128\" type=\"uint128\"/>\n"
    "<reg name=\"xmm9\" bitsize=\"128\" type=\"uint128\"/>\n"
    "<reg name=\"xmm10\" bitsize=\"128\" type=\"uint128\"/>\n"
    "<reg name=\"xmm11\" bitsize=\"128\" type=\"uint128\"/>\n"
    "<reg name=\"xmm12\" bitsize=\"128\" type=\"uint128\"/>\n"
    "<reg name=\"xmm13\" bitsize=\"128\" type=\"uint128\"/>\n"
    "<reg name=\"xmm14\" bitsize=\"128\" type=\"uint128\"/>\n"
    "<reg name=\"xmm15\" bitsize=\"128\" type=\"uint128\"/>\n"
    "<reg name=\"mxcsr\" bitsize=\"32\" type=\"int\" group=\"vector\"/>\n"
    "</feature>\n"
    "</target>\n";

const uint8_t gdb_kvm_register_sizes[GDB_KVM_REGISTER_COUNT] = {
    8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, /* rax ... r15 */
    8, 4, 4, 4, 4, 4, 4, 4,                         /* rip eflags cs...gs */
    10, 10, 10, 10, 10, 10, 10, 10,                 /* st0-st7 */
    4, 4, 4, 4, 4, 4, 4, 4,                         /* fctrl ... fop */
    16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, /* xmm */
    4,                                              /* mxcsr */
};

static uint8_t *put(uint8_t *at, uint64_t value, int size)
{
    for (int i = 0; i < size; i++)
        *at++ = value >> (8 * i); /* little-endian, as the guest's memory */
    return at;
}

static const uint8_t *get(const uint8_t *at, __u64 *value, int size)
{
    *value = 0;
    for (int i = 0; i < size; i++)
        *value |= (uint64_t)*at++ << (8 * i);
    return at;
}

void gdb_kvm_pack(const struct kvm_regs *regs, const struct kvm_sregs *sregs,
                  const struct kvm_fpu *fpu, uint8_t *bytes)
{
    /* gdb's order: rbp before rsp; KVM's struct has rsp first. */
    const uint64_t integer[] = {
        regs->rax, regs->rbx, regs->rcx, regs->rdx, regs->rsi, regs->rdi,
        regs->rbp, regs->rsp, regs->r8,  regs->r9,  regs->r10, regs->r11,
        regs->r12, regs->r13, regs->r14, regs->r15, regs->rip};
    const struct kvm_segment *segments[] = {&sregs->cs, &sregs->ss,
                                            &sregs->ds, &sregs->es,
                                            &sregs->fs, &sregs->gs};
    uint8_t *at = bytes;

    memset(bytes, 0, GDB_KVM_REGISTER_BYTES);
    for (int i = 0; i < 17; i++)
        at = put(at, integer[i], 8);
    at = put(at, regs->rflags, 4);
    for (int i = 0; i < 6; i++)
        at = put(at, segments[i]->selector, 4);
    if (!fpu)
        return; /* the x87 and SSE registers read as zeros */
    for (int i = 0; i < 8; i++, at += 10)
        memcpy(at, fpu->fpr[i], 10);
    at = put(at, fpu->fcw, 4);
    at = put(at, fpu->fsw, 4);
    at = put(at, fpu->ftwx, 4);
    at = put(at, 0, 4); /* fiseg */
    at = put(at, fpu->last_ip, 4);
    at = put(at, 0, 4); /* foseg */
    at = put(at, fpu->last_dp, 4);
    at = put(at, fpu->last_opcode, 4);
    for (int i = 0; i < 16; i++, at += 16)
        memcpy(at, fpu->xmm[i], 16);
    put(at, fpu->mxcsr, 4);
}

void gdb_kvm_unpack(const uint8_t *bytes, struct kvm_regs *regs)
{
    __u64 *integer[] = {
        &regs->rax, &regs->rbx, &regs->rcx, &regs->rdx, &regs->rsi,
        &regs->rdi, &regs->rbp, &regs->rsp, &regs->r8,  &regs->r9,
        &regs->r10, &regs->r11, &regs->r12, &regs->r13, &regs->r14,
        &regs->r15, &regs->rip};
    __u64 flags;

    for (int i = 0; i < 17; i++)
        bytes = get(bytes, integer[i], 8);
    get(bytes, &flags, 4);
    regs->rflags = flags;
    /* Segments, x87 and SSE registers are read-only here: changing a
     * selector without its descriptor would lie to the vCPU. */
}

static int read_registers(void *context, uint8_t *bytes)
{
    struct gdb_kvm *kvm = context;
    struct kvm_regs regs;
    struct kvm_sregs sregs;
    struct kvm_fpu fpu;

    if (vcpu_get_regs(kvm->vcpu, &regs) < 0 ||
        vcpu_get_sregs(kvm->vcpu, &sregs) < 0 ||
        KVM_IOCTL(kvm->vcpu->fd, KVM_GET_FPU, &fpu) < 0)
        return -1;
    gdb_kvm_pack(&regs, &sregs, &fpu, bytes);
    return 0;
}

static int write_registers(void *context, const uint8_t *bytes)
{
    struct gdb_kvm *kvm = context;
    struct kvm_regs regs;

    if (vcpu_get_regs(kvm->vcpu, &regs) < 0)
        return -1;
    gdb_kvm_unpack(bytes, &regs);
    return vcpu_set_regs(kvm->vcpu, &regs);
}

// ANCHOR: memory
/* Copy page by page: neighbouring virtual pages may lie anywhere in
 * physical memory, or not be mapped at all. Our int3s stay out of sight:
 * a read shows the bytes they replaced, a write over one keeps it. */
static int copy_guest(struct gdb_kvm *kvm, uint64_t address, uint8_t *bytes,
                      size_t length, size_t *done, bool write)
{
    *done = 0;
    while (*done < length) {
        uint64_t at = address + *done;
        size_t chunk = VM_PAGE_SIZE - at % VM_PAGE_SIZE;
        uint8_t *host;

        if (chunk > length - *done)
            chunk = length - *done;
        host = guest_debug_virtual(kvm->vcpu, at, chunk, write);
        if (!host)
            return -1;
        if (write) {
            memcpy(host, bytes + *done, chunk);
            sw_breakpoint_written(&kvm->software, at, host, chunk);
        } else {
            memcpy(bytes + *done, host, chunk);
            sw_breakpoint_hide(&kvm->software, at, bytes + *done, chunk);
        }
        *done += chunk;
    }
    return 0;
}
// ANCHOR_END: memory

static int read_memory(void *context, uint64_t address, uint8_t *bytes,
                       size_t length, size_t *done)
{
    return copy_guest(context, address, bytes, length, done, false);
}

static int write_memory(void *context, uint64_t address,
                        const uint8_t *bytes, size_t length)
{
    size_t done;

    return copy_guest(context, address, (uint8_t *)bytes, length, &done,
                      true);
}

static int find_breakpoint(const struct gdb_kvm *kvm, uint64_t address)
{
    for (int i = 0; i < kvm->breakpoints; i++)
        if (kvm->breakpoint[i] == address)
            return i;
    return -1;
}

/* Is there a breakpoint of ours, of either kind, at `address`? */
static bool at_breakpoint(struct gdb_kvm *kvm, uint64_t address)
{
    return find_breakpoint(kvm, address) >= 0 ||
           sw_breakpoint_find(&kvm->software, address);
}

// ANCHOR: insert_breakpoint
/* Z0 is an int3 where one can stop the guest; everything else, and Z0
 * where int3 cannot work, a debug register. */
static bool software(const struct gdb_kvm *kvm, int type)
{
    return type == 0 && kvm->int3_works;
}

static int insert_breakpoint(void *context, int type, uint64_t address)
{
    struct gdb_kvm *kvm = context;
    uint8_t *code;

    if (software(kvm, type)) {
        code = guest_debug_virtual(kvm->vcpu, address, 1, true);
        return code ? sw_breakpoint_insert(&kvm->software, address, code)
                    : -1;
    }
    if (find_breakpoint(kvm, address) >= 0)
        return 0;
    if (kvm->breakpoints == GDB_KVM_BREAKPOINTS) {
        errno = ENOSPC;
        return -1;
    }
    kvm->breakpoint[kvm->breakpoints++] = address;
    return 0;
}
// ANCHOR_END: insert_breakpoint

static int remove_breakpoint(void *context, int type, uint64_t address)
{
    struct gdb_kvm *kvm = context;
    int i;

    if (software(kvm, type))
        return sw_breakpoint_remove(&kvm->software, address);
    i = find_breakpoint(kvm, address);
    if (i < 0) {
        errno = ENOENT;
        return -1;
    }
    kvm->breakpoint[i] = kvm->breakpoint[--kvm->breakpoints];
    return 0;
}

/* A #BP that is not ours: the guest's own int3 (a debugger inside it, an
 * assertion, a kernel patching its code). It belongs to the guest. So
 * does one at our breakpoint while step_once() has lifted it: the byte
 * there is the guest's, an int3 of its own under ours. */
static bool guests_own_int3(struct gdb_kvm *kvm)
{
    const struct kvm_debug_exit_arch *debug = &kvm->vcpu->run->debug.arch;
    struct sw_breakpoint *ours = sw_breakpoint_find(&kvm->software,
                                                    debug->pc);

    return debug->exception == BP_VECTOR && (!ours || ours == kvm->lifted);
}

/* The run ended without a debug exit: the guest is over, exited (its
 * status for gdb) or dead. */
static int guest_over(struct gdb_kvm *kvm, struct gdb_stop *stop)
{
    if (kvm->outcome == RUN_STOPPED && kvm->host->exited) {
        stop->kind = GDB_STOP_EXITED;
        stop->status = kvm->host->exit_status & 0xff;
    } else {
        stop->kind = GDB_STOP_FAILED;
    }
    return 0;
}

// ANCHOR: run_piece
/* Run with `control` until the guest stops for us or ends, and say which
 * in *stop. Hypercalls are served on the way; an `out` is no stop, nor is
 * the guest's own int3, which KVM delivers to the guest's IDT at the next
 * KVM_RUN (KVM_GUESTDBG_INJECT_BP) as if we had not been there. */
static int run_piece(struct gdb_kvm *kvm, uint32_t control,
                     struct gdb_stop *stop)
{
    uint64_t slots[GUEST_DEBUG_SLOTS] = {0};
    unsigned used = 0;
    uint32_t inject = 0;
    struct run_stats stats;

    if (control & KVM_GUESTDBG_USE_HW_BP)
        for (int i = 0; i < kvm->breakpoints && i < GUEST_DEBUG_SLOTS; i++) {
            slots[i] = kvm->breakpoint[i];
            used |= 1u << i;
        }
    if (kvm->software.count > 0) /* a step may run into one, too */
        control |= KVM_GUESTDBG_ENABLE | KVM_GUESTDBG_USE_SW_BP;
    do {
        if (guest_debug_set(kvm->vcpu, control | inject, slots,
                            guest_debug_dr7_execute(used)) < 0)
            return -1;
        kvm->outcome = run_with_handler(kvm->vcpu, kvm->host->console,
                                        kvm->timeout, &stats,
                                        hypercall_handle, kvm->host);
        if (kvm->outcome != RUN_UNHANDLED_EXIT ||
            kvm->vcpu->run->exit_reason != KVM_EXIT_DEBUG)
            return guest_over(kvm, stop);
        inject = guests_own_int3(kvm) ? KVM_GUESTDBG_INJECT_BP : 0;
        kvm->passed_on += inject != 0;
    } while (inject);
    stop->kind = GDB_STOP_TRAP; /* a step, or one of our breakpoints */
    return 0;
}
// ANCHOR_END: run_piece

static int current_rip(struct gdb_kvm *kvm, uint64_t *rip)
{
    struct kvm_regs regs;

    if (vcpu_get_regs(kvm->vcpu, &regs) < 0)
        return -1;
    *rip = regs.rip;
    return 0;
}

// ANCHOR: step
/* One instruction, with our breakpoint at rip out of its way: debug
 * registers are off for a step, and our int3 there gives its byte back
 * for the step and returns after it. (The resume flag, RF, would let a
 * hardware breakpoint pass once; nested PVM ignores it, so we never rely
 * on it.) */
static int step_once(struct gdb_kvm *kvm, uint64_t rip, struct gdb_stop *stop)
{
    struct sw_breakpoint *ours = sw_breakpoint_find(&kvm->software, rip);
    int result;

    if (ours)
        *ours->code = ours->saved;
    kvm->lifted = ours;
    result = run_piece(kvm, KVM_GUESTDBG_ENABLE | KVM_GUESTDBG_SINGLESTEP,
                       stop);
    kvm->lifted = NULL;
    if (ours)
        *ours->code = INT3;
    kvm->steps++;
    return result;
}
// ANCHOR_END: step

// ANCHOR: resume
static int resume(void *context, bool step, struct gdb_stop *stop)
{
    struct gdb_kvm *kvm = context;
    bool too_many = kvm->breakpoints > GUEST_DEBUG_SLOTS;
    uint64_t rip;

    if (current_rip(kvm, &rip) < 0)
        return -1;
    if (step || at_breakpoint(kvm, rip) || too_many) {
        if (step_once(kvm, rip, stop) < 0)
            return -1;
        if (step || stop->kind != GDB_STOP_TRAP)
            return 0;
    }
    if (!too_many)
        return run_piece(kvm, KVM_GUESTDBG_ENABLE | KVM_GUESTDBG_USE_HW_BP,
                         stop);
    /* More hardware breakpoints than debug registers: step, and compare
     * (an int3 of ours still stops a step that runs into it). */
    for (;;) {
        if (current_rip(kvm, &rip) < 0)
            return -1;
        if (at_breakpoint(kvm, rip))
            return 0;
        if (step_once(kvm, rip, stop) < 0)
            return -1;
        if (stop->kind != GDB_STOP_TRAP)
            return 0;
    }
}
// ANCHOR_END: resume

void gdb_kvm_target(struct gdb_kvm *kvm, struct gdb_target *target)
{
    kvm->int3_works = guest_debug_int3() == INT3_STOPS;
    *target = (struct gdb_target){
        .context = kvm,
        .description = description,
        .register_count = GDB_KVM_REGISTER_COUNT,
        .register_sizes = gdb_kvm_register_sizes,
        .read_registers = read_registers,
        .write_registers = write_registers,
        .read_memory = read_memory,
        .write_memory = write_memory,
        .insert_breakpoint = insert_breakpoint,
        .remove_breakpoint = remove_breakpoint,
        .resume = resume,
    };
}

enum run_outcome gdb_kvm_run_to_end(struct gdb_kvm *kvm)
{
    struct gdb_stop stop;

    kvm->breakpoints = 0;
    while (kvm->software.count > 0) /* the guest's code as it was */
        sw_breakpoint_remove(&kvm->software, kvm->software.at[0].address);
    do
        if (run_piece(kvm, 0, &stop) < 0)
            return kvm->outcome = RUN_FAILED;
    while (stop.kind == GDB_STOP_TRAP); /* a last step's exit, if any */
    return kvm->outcome;
}
