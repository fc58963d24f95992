/*
 * wasm-value - print each argument (i32:N or i64:N, N unsigned or signed
 * decimal or 0x bits) as a result line prints it: signed decimal. The
 * differential tests (tests/wasm/run-wast.sh) use it to turn wabt's
 * unsigned bit patterns into what a runner prints; awk's numbers are
 * doubles and cannot hold 64 bits.
 */
#include <stdio.h>

#include "wasm_values.h"

int main(int argc, char *argv[])
{
    for (int i = 1; i < argc; i++) {
        struct wasm_value value;
        const char *why;
        char text[32];

        if (wasm_value_parse(argv[i], &value, &why) < 0) {
            fprintf(stderr, "wasm-value: %s: %s\n", argv[i], why);
            return 1;
        }
        wasm_value_format(text, sizeof(text), &value);
        puts(text);
    }
    return 0;
}
