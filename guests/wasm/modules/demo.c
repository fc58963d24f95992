/*
 * demo.c - the WebAssembly module chapter 13's demo runs: small C
 * functions compiled to wasm32 (MVP) by clang, with no C library:
 *
 *   clang --target=wasm32 -mcpu=mvp -nostdlib -O2 -Wl,--no-entry ...
 *
 * demo.wasm beside it is its build, committed: the one exception to
 * "generated files are never committed" (issue 16), so that a reader
 * needs no clang to run the demo; make check-wasm-modules rebuilds it and
 * fails if the bytes differ. Exports: add(i32, i32) -> i32,
 * fib(i32) -> i32, hash(i32) -> i64 and hello(), which prints a line
 * through the import env.print(ptr, len).
 */
#include "work.h"

#define EXPORT(name) __attribute__((export_name(name)))

__attribute__((import_module("env"), import_name("print"))) void
print(const char *text, uint32_t length);

EXPORT("add") int32_t add(int32_t a, int32_t b)
{
    return a + b;
}

EXPORT("fib") int32_t export_fib(int32_t n)
{
    return fib(n);
}

EXPORT("hash") int64_t export_hash(int32_t n)
{
    return hash(n);
}

EXPORT("hello") void hello(void)
{
    static const char text[] = "Hello from WebAssembly, inside KVM 101's "
                               "interpreter!";

    print(text, sizeof(text) - 1);
}
