/*
 * 07-hypercalls.c - the chapter 07 guest: C in 64-bit long mode, with no
 * devices at all. Everything it needs from the outside world it asks the
 * host for with hypercalls (guests/lib/kvm101.h): output, the size of its
 * memory, its configuration string, an exit status, and a report when an
 * assertion fails.
 */
#include "kvm101.h"

// ANCHOR: count_primes
/* The primes below n, by trial division: a little work for the CPU and a
 * result we know (168 below 1000). */
static int count_primes(int n)
{
    int count = 0;

    for (int candidate = 2; candidate < n; candidate++) {
        int prime = 1;

        for (int divisor = 2; divisor * divisor <= candidate; divisor++)
            if (candidate % divisor == 0) {
                prime = 0;
                break;
            }
        count += prime;
    }
    return count;
}
// ANCHOR_END: count_primes

// ANCHOR: main
int main(void)
{
    char config[64];
    int primes;

    printf("Hello from C in long mode!\n");
    printf("my memory: %lu MiB\n", (unsigned long)(hc_memory_size() >> 20));
    hc_get_config(config, sizeof(config));
    printf("my configuration: \"%s\"\n", config);

    primes = count_primes(1000);
    printf("%d primes below 1000\n", primes);
    if (strcmp(config, "fail-assert") == 0)
        assert(primes == 1000); /* wrong on purpose: shows the report */
    assert(primes == 168);
    return 0; /* start.S passes it on: hc_exit(0) */
}
// ANCHOR_END: main
