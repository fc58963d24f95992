/*
 * dump.c - decoding vCPU state for people. Introduced in chapter 02.
 */
#include <string.h>

#include "dump.h"
#include "x86.h"

const struct flag_name dump_cr0_flags[] = {
    {CR0_PE, "PE"}, {CR0_MP, "MP"}, {CR0_EM, "EM"}, {CR0_TS, "TS"},
    {CR0_ET, "ET"}, {CR0_NE, "NE"}, {CR0_WP, "WP"}, {CR0_AM, "AM"},
    {CR0_NW, "NW"}, {CR0_CD, "CD"}, {CR0_PG, "PG"}, {0, NULL},
};

const struct flag_name dump_cr4_flags[] = {
    {CR4_VME, "VME"},         {CR4_PVI, "PVI"},
    {CR4_TSD, "TSD"},         {CR4_DE, "DE"},
    {CR4_PSE, "PSE"},         {CR4_PAE, "PAE"},
    {CR4_MCE, "MCE"},         {CR4_PGE, "PGE"},
    {CR4_PCE, "PCE"},         {CR4_OSFXSR, "OSFXSR"},
    {CR4_OSXMMEXCPT, "OSXMMEXCPT"}, {CR4_UMIP, "UMIP"},
    {CR4_LA57, "LA57"},       {CR4_VMXE, "VMXE"},
    {CR4_FSGSBASE, "FSGSBASE"}, {CR4_PCIDE, "PCIDE"},
    {CR4_OSXSAVE, "OSXSAVE"}, {CR4_SMEP, "SMEP"},
    {CR4_SMAP, "SMAP"},       {CR4_PKE, "PKE"},
    {0, NULL},
};

const struct flag_name dump_efer_flags[] = {
    {EFER_SCE, "SCE"}, {EFER_LME, "LME"}, {EFER_LMA, "LMA"},
    {EFER_NXE, "NXE"}, {0, NULL},
};

/* IOPL is a two-bit field, shown as IOPL=n when it is not zero. Bit 1 is
 * reserved and always 1, so it is left out. */
const struct flag_name dump_rflags_flags[] = {
    {RFLAGS_CF, "CF"},   {RFLAGS_PF, "PF"},
    {RFLAGS_AF, "AF"},   {RFLAGS_ZF, "ZF"},   {RFLAGS_SF, "SF"},
    {RFLAGS_TF, "TF"},   {RFLAGS_IF, "IF"},   {RFLAGS_DF, "DF"},
    {RFLAGS_OF, "OF"},   {RFLAGS_NT, "NT"},   {RFLAGS_RF, "RF"},
    {RFLAGS_VM, "VM"},   {RFLAGS_AC, "AC"},   {RFLAGS_VIF, "VIF"},
    {RFLAGS_VIP, "VIP"}, {RFLAGS_ID, "ID"},   {0, NULL},
};

/* Append text to buf (always NUL-terminated, truncated if need be). */
static void append(char *buf, size_t size, const char *text)
{
    size_t used = strlen(buf);

    if (used + 1 < size)
        snprintf(buf + used, size - used, "%s%s", used ? " " : "", text);
}

// ANCHOR: dump_flags
char *dump_flags(char *buf, size_t size, uint64_t value,
                 const struct flag_name *names)
{
    uint64_t unnamed = value;
    char number[24];

    buf[0] = '\0';
    for (const struct flag_name *flag = names; flag->name; flag++) {
        if (value & flag->mask) {
            append(buf, size, flag->name);
            unnamed &= ~flag->mask;
        }
    }
    if (names == dump_rflags_flags)
        unnamed &= ~RFLAGS_FIXED;
    if (names == dump_rflags_flags && (value & RFLAGS_IOPL)) {
        snprintf(number, sizeof(number), "IOPL=%llu",
                 (unsigned long long)((value & RFLAGS_IOPL) >> 12));
        append(buf, size, number);
        unnamed &= ~RFLAGS_IOPL;
    }
    if (unnamed) {
        snprintf(number, sizeof(number), "%#llx", (unsigned long long)unnamed);
        append(buf, size, number);
    }
    if (buf[0] == '\0')
        append(buf, size, "-");
    return buf;
}
// ANCHOR_END: dump_flags

/* System segment types (S=0), SDM Vol. 3A, 3.5 "System Descriptor Types". */
static const char *system_type_name(unsigned type)
{
    switch (type) {
    case 1: return "tss16,avail";
    case 2: return "ldt";
    case 3: return "tss16,busy";
    case 9: return "tss,avail";
    case 11: return "tss,busy";
    default: return "reserved";
    }
}

const char *dump_segment_type(const struct kvm_segment *segment, char *buf,
                              size_t size)
{
    unsigned type = segment->type;
    int is_code = type & 8;

    if (!segment->s) {
        snprintf(buf, size, "%s", system_type_name(type));
        return buf;
    }
    snprintf(buf, size, "%s%s%s%s", is_code ? "code" : "data",
             (type & 2) ? (is_code ? ",r" : ",w") : "",
             (type & 4) ? (is_code ? ",c" : ",e") : "",
             (type & 1) ? ",a" : "");
    return buf;
}

// ANCHOR: dump_segment
void dump_segment(FILE *out, const char *name,
                  const struct kvm_segment *segment)
{
    char type[64];

    fprintf(out,
            "%-3s sel=%04x base=%08llx limit=%08x type=%x %s dpl=%u p=%u "
            "db=%u l=%u g=%u\n",
            name, segment->selector, (unsigned long long)segment->base,
            segment->limit, segment->type,
            dump_segment_type(segment, type, sizeof(type)), segment->dpl,
            segment->present, segment->db, segment->l, segment->g);
}
// ANCHOR_END: dump_segment

void dump_control_registers(FILE *out, const struct kvm_sregs *sregs)
{
    char flags[128];

    fprintf(out, "cr0=%08llx [%s]\n", sregs->cr0,
            dump_flags(flags, sizeof(flags), sregs->cr0, dump_cr0_flags));
    fprintf(out, "cr4=%08llx [%s]\n", sregs->cr4,
            dump_flags(flags, sizeof(flags), sregs->cr4, dump_cr4_flags));
    fprintf(out, "efer=%08llx [%s]\n", sregs->efer,
            dump_flags(flags, sizeof(flags), sregs->efer, dump_efer_flags));
}

// ANCHOR: cpu_mode
const char *dump_cpu_mode(const struct kvm_sregs *sregs)
{
    if (!(sregs->cr0 & CR0_PE))
        return "real mode";
    if (sregs->efer & EFER_LMA) /* long mode: CS.L picks 64 or 32 bits */
        return sregs->cs.l ? "64-bit long mode" : "compatibility mode";
    if (!sregs->cs.db)
        return "16-bit protected mode";
    return sregs->cr0 & CR0_PG ? "32-bit protected mode with paging"
                               : "32-bit protected mode";
}
// ANCHOR_END: cpu_mode

void dump_registers(FILE *out, const struct kvm_regs *regs,
                    const struct kvm_sregs *sregs)
{
    char flags[128];

    fprintf(out, "rax=%016llx rbx=%016llx rcx=%016llx\n", regs->rax,
            regs->rbx, regs->rcx);
    fprintf(out, "rdx=%016llx rsi=%016llx rdi=%016llx\n", regs->rdx,
            regs->rsi, regs->rdi);
    fprintf(out, "rsp=%016llx rbp=%016llx rip=%016llx\n", regs->rsp,
            regs->rbp, regs->rip);
    fprintf(out, "r8 =%016llx r9 =%016llx r10=%016llx\n", regs->r8,
            regs->r9, regs->r10);
    fprintf(out, "r11=%016llx r12=%016llx r13=%016llx\n", regs->r11,
            regs->r12, regs->r13);
    fprintf(out, "r14=%016llx r15=%016llx\n", regs->r14, regs->r15);
    fprintf(out, "rflags=%08llx [%s]\n", regs->rflags,
            dump_flags(flags, sizeof(flags), regs->rflags,
                       dump_rflags_flags));
    dump_control_registers(out, sregs);
    fprintf(out, "cr2=%016llx cr3=%016llx\n", sregs->cr2, sregs->cr3);
    dump_segment(out, "cs", &sregs->cs);
    dump_segment(out, "ds", &sregs->ds);
    dump_segment(out, "es", &sregs->es);
    dump_segment(out, "ss", &sregs->ss);
    dump_segment(out, "fs", &sregs->fs);
    dump_segment(out, "gs", &sregs->gs);
    dump_segment(out, "tr", &sregs->tr);
    dump_segment(out, "ldt", &sregs->ldt);
    fprintf(out, "gdt base=%08llx limit=%04x  idt base=%08llx limit=%04x\n",
            sregs->gdt.base, sregs->gdt.limit, sregs->idt.base,
            sregs->idt.limit);
}

// ANCHOR: exception_names
const char *dump_exception_name(unsigned vector, char *buf, size_t size)
{
    static const char *const names[32] = {
        [0] = "#DE (divide error)",         [1] = "#DB (debug)",
        [2] = "NMI (non-maskable interrupt)", [3] = "#BP (breakpoint)",
        [4] = "#OF (overflow)",             [5] = "#BR (bound range)",
        [6] = "#UD (invalid opcode)",       [7] = "#NM (no FPU)",
        [8] = "#DF (double fault)",         [10] = "#TS (invalid TSS)",
        [11] = "#NP (segment not present)", [12] = "#SS (stack fault)",
        [13] = "#GP (general protection)",  [14] = "#PF (page fault)",
        [16] = "#MF (x87 error)",           [17] = "#AC (alignment check)",
        [18] = "#MC (machine check)",       [19] = "#XM (SIMD error)",
        [20] = "#VE (virtualization)",      [21] = "#CP (control protection)",
    };

    if (vector < 32 && names[vector])
        snprintf(buf, size, "%s", names[vector]);
    else
        snprintf(buf, size, "vector %u", vector);
    return buf;
}
// ANCHOR_END: exception_names

// ANCHOR: page_fault_error
char *dump_page_fault_error(char *buf, size_t size, uint64_t error_code)
{
    /* Intel SDM Vol. 3A, 4.7: bit 0 present, 1 write, 2 user, 4 fetch. */
    snprintf(buf, size, "%s, %s, %s%s",
             error_code & 0x10 ? "instruction fetch"
             : error_code & 0x2 ? "write"
                                : "read",
             error_code & 0x1 ? "protection violation" : "not present",
             error_code & 0x4 ? "user" : "kernel",
             error_code & 0x8 ? ", reserved bit set" : "");
    return buf;
}
// ANCHOR_END: page_fault_error
