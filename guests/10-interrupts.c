/*
 * 10-interrupts.c - the chapter 10 guest: it waits for interrupts with
 * `sti; hlt` and counts them, per line, in its handler.
 *
 * Its configuration string (from the host) says which machine it is in:
 *   "inject"    no interrupt controller: the host injects every interrupt
 *               itself (KVM_INTERRUPT). The guest asks for one with IF=0,
 *               sees it wait for sti, then takes three timer ticks that
 *               the host makes up whenever the guest halts.
 *   "inject halt-with-if0"   the same, but it halts with IF=0 first: a
 *               dead guest, which the host reports.
 *   "irqchip"   PICs and a PIT in the kernel: it programs both, counts
 *               timer ticks, then asks for interrupts on two more lines,
 *               through a port that exits and through one that does not.
 */
#include "idt.h"
#include "interrupts.h"
#include "irq_ports.h"
#include "kvm101.h"

#define SPIN_WITH_IF0 1000 /* loop turns with IF=0: many emulation batches */
#define HOST_TICKS 3       /* ticks the host injects in "inject" */
#define PIT_HZ 1000
#define PIT_TICKS 10
#define ROUND_TRIPS 100    /* doorbells per port in "irqchip" */

// ANCHOR: handler
/* Interrupts taken, per line (vector IRQ_VECTOR_BASE + line). */
static volatile uint32_t taken[INTERRUPT_VECTORS];
static int have_pic; /* in "irqchip": the PIC wants its EOI */

static void handler(unsigned vector)
{
    unsigned line = vector - IRQ_VECTOR_BASE;

    taken[line]++;
    if (have_pic)
        pic_eoi(line);
}
// ANCHOR_END: handler

static void exception(struct exception_frame *frame)
{
    printf("exception %lu at rip %#lx\n", frame->vector, frame->rip);
    hc_exit(1);
}

// ANCHOR: inject
static void without_irqchip(int halt_with_if0)
{
    interrupts_off();
    outb(IRQ_DOORBELL_PORT, IRQ_DOORBELL_LINE); /* "interrupt me, please" */
    for (volatile int i = 0; i < SPIN_WITH_IF0; i++)
        ;
    printf("IF=0: rang the doorbell; interrupts taken so far: %u\n",
           taken[IRQ_DOORBELL_LINE]);
    if (halt_with_if0) {
        printf("halting with IF=0\n");
        __asm__ volatile("hlt"); /* nothing can wake us */
    }
    /* sti; hlt: the window opens. Waiting halted, not spinning: see the
     * book on hosts that never report a window to a spinning guest. */
    wait_for_change(&taken[IRQ_DOORBELL_LINE], 0);
    printf("after sti: took the doorbell's interrupt (vector %#x)\n",
           IRQ_VECTOR_BASE + IRQ_DOORBELL_LINE);
    while (taken[IRQ_TIMER_LINE] < HOST_TICKS)
        wait_for_change(&taken[IRQ_TIMER_LINE], taken[IRQ_TIMER_LINE]);
    printf("took %d timer ticks, each injected by the host\n", HOST_TICKS);
}
// ANCHOR_END: inject

// ANCHOR: irqchip
static void ring_and_wait(uint16_t port, unsigned line)
{
    uint32_t seen = taken[line];

    outb(port, line);
    wait_for_change(&taken[line], seen);
}

static void with_irqchip(void)
{
    have_pic = 1;
    pic_init(IRQ_VECTOR_BASE, 1 << IRQ_TIMER_LINE | 1 << IRQ_DOORBELL_LINE |
                                  1 << IRQ_FAST_LINE);
    pit_start(PIT_HZ);
    while (taken[IRQ_TIMER_LINE] < PIT_TICKS)
        wait_for_change(&taken[IRQ_TIMER_LINE], taken[IRQ_TIMER_LINE]);
    /* Enough ticks: mask line 0 again. */
    pic_init(IRQ_VECTOR_BASE, 1 << IRQ_DOORBELL_LINE | 1 << IRQ_FAST_LINE);
    printf("took %d ticks of the PIT at %d Hz (line %d)\n", PIT_TICKS, PIT_HZ,
           IRQ_TIMER_LINE);
    for (int i = 0; i < ROUND_TRIPS; i++)
        ring_and_wait(IRQ_DOORBELL_PORT, IRQ_DOORBELL_LINE);
    printf("took %u interrupts on line %d, after doorbells that exit\n",
           taken[IRQ_DOORBELL_LINE], IRQ_DOORBELL_LINE);
    for (int i = 0; i < ROUND_TRIPS; i++)
        ring_and_wait(IRQ_FAST_PORT, IRQ_FAST_LINE);
    printf("took %u interrupts on line %d, after doorbells that do not\n",
           taken[IRQ_FAST_LINE], IRQ_FAST_LINE);
}
// ANCHOR_END: irqchip

int main(void)
{
    char config[32];

    idt_install(exception);
    interrupts_install(handler);
    hc_get_config(config, sizeof(config));
    if (strcmp(config, "irqchip") == 0)
        with_irqchip();
    else
        without_irqchip(strcmp(config, "inject halt-with-if0") == 0);
    return 0;
}
