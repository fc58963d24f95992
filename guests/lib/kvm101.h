/*
 * kvm101.h - what a C guest of KVM 101 has instead of a C library: the
 * hypercalls (common/hypercall.h is the ABI), printf, assert, and the
 * string functions the compiler may call on its own.
 *
 * Guests are built freestanding for 64-bit long mode, with no SSE or x87
 * (-mgeneral-regs-only): see the Makefile's GUEST_CFLAGS. Guest memory is
 * identity-mapped, so a pointer is also a guest-physical address, which is
 * what the hypercalls take.
 *
 * Introduced in chapter 07.
 */
#ifndef KVM101_GUEST_H
#define KVM101_GUEST_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "hypercall.h"

/* The raw call: number in RAX, arguments in RBX, RCX, RSI; result in RAX. */
long hypercall(long number, long arg0, long arg1, long arg2);

long hc_write(const void *buffer, size_t length);
_Noreturn void hc_exit(int status);
_Noreturn void hc_assert_failed(const char *file, int line,
                                const char *expression);
uint64_t hc_memory_size(void);
long hc_get_config(char *buffer, size_t size);

/* printf with %d %i %u %x %c %s %p %%, the l/ll/z sizes, a width, the
 * 0, - and # flags and a precision for %s; no floating point. Returns the
 * number of characters. */
int printf(const char *format, ...) __attribute__((format(printf, 1, 2)));
int vsnprintf(char *buffer, size_t size, const char *format, va_list args);

// ANCHOR: assert
/* Like C's assert(), but a failure ends the guest through the host, which
 * prints it as file:line: assertion failed: expression. */
#define assert(expression)                                                     \
    ((expression) ? (void)0                                                    \
                  : hc_assert_failed(__FILE__, __LINE__, #expression))
// ANCHOR_END: assert

size_t strlen(const char *s);
int strcmp(const char *a, const char *b);
void *memset(void *destination, int byte, size_t size);
void *memcpy(void *destination, const void *source, size_t size);
int memcmp(const void *a, const void *b, size_t size);

#endif
