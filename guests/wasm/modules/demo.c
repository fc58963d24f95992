/*
 * demo.c - the WebAssembly module chapter 13's demo and `make bench` run:
 * small C functions compiled to wasm32 (MVP) by clang, with no C library.
 *
 *   clang --target=wasm32 -mcpu=mvp -nostdlib -O2 -Wl,--no-entry ...
 *
 * The same file compiles natively (gcc -O2 -DNATIVE, in make bench) so
 * that the interpreter is compared with the same C. demo.wasm beside it is
 * its build, committed (the one exception to "generated files are never
 * committed": a reader needs no clang to run the demo); make
 * check-wasm-modules rebuilds it and fails if the bytes differ.
 */
#include <stdint.h>

#ifdef NATIVE
#define EXPORT(name)
#else
#define EXPORT(name) __attribute__((export_name(name)))
/* Host functions, imported from module "env". */
__attribute__((import_module("env"), import_name("print"))) void
print(const char *text, uint32_t length);
#endif

EXPORT("add") int32_t add(int32_t a, int32_t b)
{
    return a + b;
}

EXPORT("fib") int32_t fib(int32_t n)
{
    return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

/* A 64-bit hash loop: FNV-1a over the numbers 0..n-1, mixed. */
EXPORT("hash") int64_t hash(int32_t n)
{
    uint64_t h = 0xcbf29ce484222325u;

    for (int32_t i = 0; i < n; i++) {
        h ^= (uint32_t)i;
        h *= 0x100000001b3u;
        h ^= h >> 29;
    }
    return (int64_t)h;
}

#ifndef NATIVE
EXPORT("hello") void hello(void)
{
    static const char text[] = "Hello from WebAssembly, inside KVM 101's "
                               "interpreter!";

    print(text, sizeof(text) - 1);
}
#endif
