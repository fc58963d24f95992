/*
 * irq-bad-line.c - a chapter 10 guest that rings the doorbell for IRQ line
 * 99 (there are 24). The host must refuse it in one line and stop, in
 * either part, not drop it quietly as KVM_IRQ_LINE would
 * (tests/faults/interrupts.c).
 */
#include "interrupts.h"
#include "irq_ports.h"
#include "kvm101.h"

#define NO_SUCH_LINE 99

int main(void)
{
    char config[32];

    hc_get_config(config, sizeof(config));
    printf("ringing for line %d (%s)\n", NO_SUCH_LINE, config);
    outb(IRQ_DOORBELL_PORT, NO_SUCH_LINE);
    printf("the host let me go on\n");
    return 0;
}
