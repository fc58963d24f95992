/*
 * 11-smp.c - the chapter 11 guest: several processors, one memory.
 *
 * The host starts the boot processor (APIC ID 0) in long mode, as in
 * every chapter since 07. The boot processor starts each other processor
 * itself, with INIT-SIPI-SIPI (smp.c); each one climbs from real mode to
 * long mode and says hello. Then all of them, at once, add 1 to shared
 * counters, ROUNDS times each: without a lock, with `lock xadd`, and under
 * a spinlock, with a barrier between the three. Last, processor 1 sends
 * the boot processor an interrupt (an IPI).
 *
 * The configuration string (smp_guest.h) is the number of processors.
 */
#include "idt.h"
#include "interrupts.h"
#include "kvm101.h"
#include "smp.h"

#define ROUNDS 2000 /* increments per processor, in each experiment */

static unsigned cpus;                /* from the host */
static volatile uint32_t greeted[SMP_MAX_VCPUS];
static volatile uint32_t go;         /* every processor has started */
static volatile uint32_t ipi_wanted; /* processor 1: send the IPI now */
static volatile uint32_t ipis_taken;

// ANCHOR: counters
static volatile uint64_t plain_counter, locked_counter, guarded_counter;
static volatile uint32_t spinlock;

/* Atomically add `value` to *counter: `lock` makes the read, the add and
 * the write one step that no other processor can come between. */
static void fetch_and_add(volatile uint64_t *counter, uint64_t value)
{
    __asm__ volatile("lock xadd %1, %0"
                     : "+r"(value), "+m"(*counter)
                     :
                     : "memory");
}

/* xchg with memory is locked even without the prefix: whoever swaps the
 * 0 out owns the lock. The others wait reading, which needs no bus lock,
 * and `pause` tells the processor (and a hypervisor) that this is a
 * spin-wait. */
static void spin_lock(volatile uint32_t *lock)
{
    while (__atomic_exchange_n(lock, 1, __ATOMIC_ACQUIRE))
        while (*lock)
            __asm__ volatile("pause");
}

static void spin_unlock(volatile uint32_t *lock)
{
    __atomic_store_n(lock, 0, __ATOMIC_RELEASE);
}
// ANCHOR_END: counters

// ANCHOR: barrier
/* Wait until all `cpus` processors have arrived. The last one to arrive
 * starts a new generation, which lets the others go. */
static volatile uint32_t arrived, generation;

static void barrier(void)
{
    uint32_t mine = __atomic_load_n(&generation, __ATOMIC_ACQUIRE);

    if (__atomic_add_fetch(&arrived, 1, __ATOMIC_ACQ_REL) == cpus) {
        arrived = 0;
        __atomic_store_n(&generation, mine + 1, __ATOMIC_RELEASE);
        return;
    }
    while (__atomic_load_n(&generation, __ATOMIC_ACQUIRE) == mine)
        __asm__ volatile("pause");
}
// ANCHOR_END: barrier

// ANCHOR: count
/* Every processor runs this at the same time. */
static void count(void)
{
    for (int i = 0; i < ROUNDS; i++)
        plain_counter = plain_counter + 1; /* read, add, write: 3 steps */
    barrier();
    for (int i = 0; i < ROUNDS; i++)
        fetch_and_add(&locked_counter, 1);
    barrier();
    for (int i = 0; i < ROUNDS; i++) {
        spin_lock(&spinlock);
        guarded_counter = guarded_counter + 1;
        spin_unlock(&spinlock);
    }
    barrier();
}
// ANCHOR_END: count

// ANCHOR: ap_main
/* An application processor, on its own stack, after the climb. */
static void ap_main(unsigned id)
{
    uint64_t rsp;

    __asm__ volatile("mov %0, rsp" : "=r"(rsp));
    printf("APIC ID %u: started by SIPI in real mode, now in long mode "
           "on stack %lu\n",
           id, (unsigned long)((rsp - (uint64_t)smp_stacks) / SMP_STACK_SIZE));
    greeted[id] = 1;
    while (!go)
        __asm__ volatile("pause");
    count();
    if (id == 1) {
        while (!ipi_wanted)
            __asm__ volatile("pause");
        apic_send_ipi(0);
    }
} /* returns to ap_start.S: cli; hlt */
// ANCHOR_END: ap_main

static void on_interrupt(unsigned vector)
{
    if (vector == SMP_IPI_VECTOR)
        ipis_taken++;
    apic_eoi();
}

static void on_exception(struct exception_frame *frame)
{
    printf("exception %lu at rip %#lx on APIC ID %u\n", frame->vector,
           frame->rip, apic_id());
    hc_exit(1);
}

static void report(const char *how, uint64_t value, int must_be_exact)
{
    uint64_t expected = (uint64_t)cpus * ROUNDS;

    printf("counter %s: %lu of %lu\n", how, (unsigned long)value,
           (unsigned long)expected);
    assert(value <= expected);
    assert(!must_be_exact || value == expected);
}

static unsigned configured_cpus(void)
{
    char config[32];
    unsigned n = 0;

    if (hc_get_config(config, sizeof(config)) < 0)
        return 1;
    for (const char *c = config; *c >= '0' && *c <= '9'; c++)
        n = n * 10 + (*c - '0');
    return n;
}

// ANCHOR: main
int main(void)
{
    cpus = configured_cpus();
    assert(cpus >= 1 && cpus <= SMP_MAX_VCPUS);
    idt_install(on_exception);
    interrupts_install(on_interrupt);
    apic_map();
    apic_enable();
    printf("APIC ID %u: the boot processor, started by the host in long "
           "mode\n", apic_id());
    for (unsigned id = 1; id < cpus; id++) {
        printf("sending INIT, SIPI, SIPI to APIC ID %u (SIPI vector "
               "%#lx)\n", id, (unsigned long)smp_trampoline >> 12);
        smp_start_ap(id, ap_main);
        while (!greeted[id])
            __asm__ volatile("pause");
    }
    go = 1;
    count();
    if (cpus > 1) {
        ipi_wanted = 1;
        wait_for_change(&ipis_taken, 0); /* sti; hlt until it comes */
        printf("took an IPI from APIC ID 1 on vector %d\n", SMP_IPI_VECTOR);
    }
    report("without a lock", plain_counter, 0);
    report("with lock xadd", locked_counter, 1);
    report("under a spinlock", guarded_counter, 1);
    return 0;
}
// ANCHOR_END: main
