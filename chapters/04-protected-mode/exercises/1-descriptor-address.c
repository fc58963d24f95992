/*
 * Exercise 04.1 (easy): find a selector's descriptor.
 *
 * When a guest runs `mov fs, ax`, the CPU takes the selector in AX apart
 * and reads an 8-byte descriptor from the GDT, whose linear address and
 * limit GDTR holds. Complete descriptor_address() so that it returns the
 * address the CPU reads the descriptor from, or 0 when the selector names
 * no descriptor of the GDT.
 *
 * Hint: a selector is an index (bits 15-3), TI (bit 2; 1 means the LDT)
 * and the RPL (bits 1-0); only the index says where the entry is, at
 * GDTR.base + index * 8. GDTR.limit is the table's size minus one, and all
 * 8 bytes of the entry must lie within it.
 *
 * Book: book/04-protected-mode.md, "Selectors". Check: make ex EX=04.1
 */
#include <stdint.h>
#include <linux/kvm.h>

/* The linear address of the GDT entry `selector` names, with GDTR = *gdtr
 * (struct kvm_dtable: base and limit, as in struct kvm_sregs); or 0 for a
 * null selector (index 0 and TI 0, any RPL), an LDT selector (TI 1), or
 * an entry that does not lie entirely within the table's limit. */
uint64_t descriptor_address(const struct kvm_dtable *gdtr, uint16_t selector)
{
    (void)gdtr;
    (void)selector;
    return 0; /* your code here */
}
