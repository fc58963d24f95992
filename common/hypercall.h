/*
 * hypercall.h - the KVM 101 hypercall ABI, shared by the host and by the
 * C guests (guests/lib/), so both sides use the same numbers.
 *
 * A hypercall is a guest asking its host for a service, as a program asks
 * its kernel with a system call. The ABI:
 *
 *   RAX        the call number (HC_*)
 *   RBX, RCX,  the arguments, in that order (as in KVM's own hypercall ABI,
 *   RSI        Documentation/virt/kvm/x86/hypercalls.rst, less RDX)
 *   RAX        the result when the call returns: >= 0 on success, a
 *              negative HC_E* error number on failure
 *
 * Memory is passed as a guest-physical address and a length. The host
 * checks that every byte of it lies in guest memory before it touches it,
 * and reads a string only up to HC_MAX_STRING bytes: a guest controls its
 * arguments, and a hostile one chooses them.
 *
 * The ABI says nothing about how the registers reach the host. In chapter
 * 07 the guest executes `out dx, eax` with DX = HYPERCALL_PORT: the port
 * write exits to the host with the registers in kvm_run. Chapter 13's
 * sandbox carries its own calls (sandbox_abi.h) the same way, from CPL 3.
 *
 * Introduced in chapter 07.
 */
#ifndef KVM101_HYPERCALL_H
#define KVM101_HYPERCALL_H

#define HYPERCALL_PORT 0x0f00

// ANCHOR: calls
#define HC_WRITE 1         /* (buffer, length): console output; -> length */
#define HC_EXIT 2          /* (status): the guest is done; no return */
#define HC_ASSERT_FAILED 3 /* (file, line, expression): no return */
#define HC_MEMORY_SIZE 4   /* (): -> the size of the RAM at guest-physical
                            * 0, in bytes */
#define HC_GET_CONFIG 5    /* (buffer, size): the host's configuration
                            * string, NUL-terminated, into buffer; -> its
                            * length (without the NUL) */
#define HC_EXCEPTION 6     /* (vector, error code, rip): the guest caught an
                            * exception (chapter 09); the host reads CR2
                            * itself */
// ANCHOR_END: calls

// ANCHOR: limits
#define HC_MAX_WRITE 65536 /* bytes per HC_WRITE */
#define HC_MAX_STRING 1024 /* bytes per string, its NUL included */

/* Error results, negated (the numbers are Linux's errno values). */
#define HC_EFAULT 14 /* memory outside the guest's */
#define HC_EINVAL 22 /* a bad length, or a string with no end */
#define HC_ENOSYS 38 /* no such call */
// ANCHOR_END: limits

#endif
