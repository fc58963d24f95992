/*
 * smp.c - the local APIC and starting application processors.
 * Introduced in chapter 11.
 */
#include "idt.h"
#include "kvm101.h"
#include "smp.h"

// ANCHOR: registers
#define APIC_BASE 0xfee00000ull  /* the architectural default */
#define APIC_ID 0x020            /* bits 24-31: this processor's ID */
#define APIC_EOI 0x0b0
#define APIC_SPURIOUS 0x0f0      /* bit 8: software enable */
#define APIC_ICR_LOW 0x300       /* writing it sends the IPI */
#define APIC_ICR_HIGH 0x310      /* bits 24-31: the destination */
#define APIC_SOFTWARE_ENABLE 0x100
#define ICR_SEND_PENDING 0x1000  /* delivery status: not sent yet */
#define ICR_INIT 0x4500          /* INIT, level assert */
#define ICR_STARTUP 0x4600       /* start-up (SIPI); the vector is added */
#define ICR_FIXED 0x4000         /* a fixed interrupt, level assert */
// ANCHOR_END: registers

#define PAGE_PRESENT_WRITABLE 0x3
#define PAGE_LARGE 0x80          /* a 2 MiB page */
#define PAGE_UNCACHED 0x18       /* PCD | PWT: device registers */
#define GIB_INDEX(address) (((address) >> 30) & 511)
#define MIB2_INDEX(address) (((address) >> 21) & 511)

static volatile uint32_t *apic_register(unsigned offset)
{
    return (volatile uint32_t *)(APIC_BASE + offset);
}

// ANCHOR: apic_map
/* A page directory for the 1 GiB from 3 GiB on, holding one 2 MiB page:
 * the APIC's. Guest memory is identity-mapped, so its address is also
 * the physical address the page tables need. */
static uint64_t apic_directory[512] __attribute__((aligned(4096)));

void apic_map(void)
{
    uint64_t cr3, *pml4, *pdpt;

    __asm__ volatile("mov %0, cr3" : "=r"(cr3));
    pml4 = (uint64_t *)(cr3 & ~0xfffull);
    pdpt = (uint64_t *)(pml4[0] & ~0xfffull);
    apic_directory[MIB2_INDEX(APIC_BASE)] =
        APIC_BASE | PAGE_LARGE | PAGE_UNCACHED | PAGE_PRESENT_WRITABLE;
    pdpt[GIB_INDEX(APIC_BASE)] =
        (uint64_t)apic_directory | PAGE_PRESENT_WRITABLE;
    __asm__ volatile("invlpg [%0]" : : "r"(APIC_BASE) : "memory");
}
// ANCHOR_END: apic_map

unsigned apic_id(void)
{
    return *apic_register(APIC_ID) >> 24;
}

void apic_enable(void)
{
    *apic_register(APIC_SPURIOUS) |= APIC_SOFTWARE_ENABLE;
}

// ANCHOR: apic_send
void apic_send(unsigned destination, uint32_t command)
{
    *apic_register(APIC_ICR_HIGH) = destination << 24;
    *apic_register(APIC_ICR_LOW) = command; /* this write sends it */
    while (*apic_register(APIC_ICR_LOW) & ICR_SEND_PENDING)
        __asm__ volatile("pause");
}
// ANCHOR_END: apic_send

void apic_send_ipi(unsigned destination)
{
    apic_send(destination, ICR_FIXED | SMP_IPI_VECTOR);
}

void apic_eoi(void)
{
    *apic_register(APIC_EOI) = 0;
}

// ANCHOR: start_ap
/* What an AP needs before it has a stack (ap_start.S reads them). */
uint32_t smp_page_tables;        /* the boot processor's CR3 */
static ap_function ap_functions[SMP_MAX_VCPUS];
static volatile uint32_t started; /* APs that reached smp_ap_main() */


void smp_start_ap(unsigned id, ap_function function)
{
    unsigned vector = (uint64_t)smp_trampoline >> 12; /* its page */
    unsigned before = started;
    uint64_t cr3;

    __asm__ volatile("mov %0, cr3" : "=r"(cr3));
    smp_page_tables = cr3;
    ap_functions[id % SMP_MAX_VCPUS] = function;
    /* A software-disabled APIC sends nothing: measured on nested PVM,
     * the INIT never arrived. Firmware enables it first, and so do we. */
    apic_enable();
    /* Hardware wants 10 ms after INIT and 200 us after each SIPI (Intel
     * SDM Vol. 3A, "MP Initialization"); KVM's APIC needs no wait, and
     * this guest has no timer to wait with. The second SIPI is for a
     * processor that missed the first; KVM ignores it. */
    apic_send(id, ICR_INIT);
    apic_send(id, ICR_STARTUP | vector);
    apic_send(id, ICR_STARTUP | vector);
    while (started == before)
        __asm__ volatile("pause"); /* until the AP checks in */
}
// ANCHOR_END: start_ap

unsigned smp_started(void)
{
    return started;
}

// ANCHOR: ap_main
/* Where ap_start.S brings an AP, in long mode, on its own stack. */
void smp_ap_main(unsigned id)
{
    idt_load();   /* each processor has its own IDTR: the same table */
    apic_enable(); /* so that IPIs reach it */
    __atomic_fetch_add(&started, 1, __ATOMIC_SEQ_CST);
    ap_functions[id % SMP_MAX_VCPUS](id);
}
// ANCHOR_END: ap_main
