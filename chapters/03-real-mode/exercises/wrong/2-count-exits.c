/*
 * Exercise 03.2: a plausible wrong answer, which the test must reject.
 * It indexes counts[] by the exit reason without checking the reason
 * against the size of the array: KVM_EXIT_HLT (5) is written past the end
 * of a 3-entry array, over whatever the caller keeps there.
 */
#include <errno.h>
#include <stddef.h>
#include <sys/ioctl.h>
#include <linux/kvm.h>

#include "vcpu.h"

long run_counting(struct vcpu *vcpu, unsigned long counts[], size_t reasons)
{
    struct kvm_run *run = vcpu->run;
    long exits = 0;

    (void)reasons;
    for (;;) {
        if (ioctl(vcpu->fd, KVM_RUN, 0) < 0)
            return -1;
        exits++;
        counts[run->exit_reason]++;
        if (run->exit_reason != KVM_EXIT_IO ||
            run->io.direction != KVM_EXIT_IO_OUT)
            return exits;
    }
}
