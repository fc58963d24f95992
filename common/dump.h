/*
 * dump.h - decoding vCPU state for people: control registers and RFLAGS by
 * flag name, segment registers with their descriptor fields, and a full
 * register dump for when something goes wrong.
 *
 * Introduced in chapter 02.
 */
#ifndef KVM101_DUMP_H
#define KVM101_DUMP_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <linux/kvm.h>

struct flag_name {
    uint64_t mask;
    const char *name;
};

/* Tables ending in {0, NULL}. */
extern const struct flag_name dump_cr0_flags[];
extern const struct flag_name dump_cr4_flags[];
extern const struct flag_name dump_efer_flags[];
extern const struct flag_name dump_rflags_flags[];

/* Write the names of the bits set in `value`, separated by spaces, into
 * buf ("PE ET PG"); bits without a name appear as one hex mask at the end
 * ("0x1000"); no bits set gives "-". Returns buf. */
char *dump_flags(char *buf, size_t size, uint64_t value,
                 const struct flag_name *names);

/* A segment's type field in short: "code,r,a" (r readable, w writable,
 * c conforming, e expand-down, a accessed), or a system type ("tss,busy"). */
const char *dump_segment_type(const struct kvm_segment *segment, char *buf,
                              size_t size);

/* One line of 80 columns, for example:
 * cs  sel=f000 base=ffff0000 limit=0000ffff type=b code,r,a dpl=0 p=1 db=0
 * l=0 g=0 (here broken in two)
 */
void dump_segment(FILE *out, const char *name,
                  const struct kvm_segment *segment);

/* CR0, CR4 and EFER, one line each, with their flags by name. */
void dump_control_registers(FILE *out, const struct kvm_sregs *sregs);

/* "#PF (page fault)" for vector 14, and so on for the 32 exception vectors
 * (Intel SDM Vol. 3A, 6.3.1); "vector N" for others. Introduced in chapter
 * 09. */
const char *dump_exception_name(unsigned vector, char *buf, size_t size);

/* A page fault's error code in words: "write, not present, kernel". */
char *dump_page_fault_error(char *buf, size_t size, uint64_t error_code);

/* The CPU mode these registers put the vCPU in, in words: "real mode",
 * "16-bit protected mode", "32-bit protected mode", "32-bit protected mode
 * with paging", "compatibility mode" or "64-bit long mode". */
const char *dump_cpu_mode(const struct kvm_sregs *sregs);

/* Every register a reader might want when a guest goes wrong. */
void dump_registers(FILE *out, const struct kvm_regs *regs,
                    const struct kvm_sregs *sregs);

#endif
