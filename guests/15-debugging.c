/*
 * 15-debugging.c - the chapter 15 guest, the one gdb debugs. It is built
 * with debug information (-g) and without optimization (-O0), so that gdb
 * can show its source lines and every variable lives in memory or on the
 * stack where gdb looks for it.
 *
 * Left alone it prints add_up(10) = 55. The chapter's gdb test stops it in
 * add_up(), sets `factor` to 3 in its memory, and it prints 165.
 */
#include "kvm101.h"

// ANCHOR: guest
int factor = 1; /* every term is multiplied by it */
int calls;      /* how many times add_up() ran */

/* 1 + 2 + ... + n, each term times factor. */
static int add_up(int n)
{
    int total = 0;

    calls++;
    for (int i = 1; i <= n; i++)
        total += i * factor;
    return total;
}

static int measure(int n)
{
    int result = add_up(n);

    printf("add_up(%d) = %d\n", n, result);
    return result;
}

int main(void)
{
    printf("Hello from the guest you can debug!\n");
    measure(10);
    printf("add_up ran %d time%s\n", calls, calls == 1 ? "" : "s");
    return 0;
}
// ANCHOR_END: guest
