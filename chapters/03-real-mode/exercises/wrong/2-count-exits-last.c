/*
 * Exercise 03.2: a plausible wrong answer, which the test must reject.
 * It counts the exits it handles, the outs, and returns at the one that
 * ends the run before counting it: off by one, and the hlt is never
 * counted at all.
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

    for (;;) {
        if (ioctl(vcpu->fd, KVM_RUN, 0) < 0)
            return -1;
        if (run->exit_reason != KVM_EXIT_IO ||
            run->io.direction != KVM_EXIT_IO_OUT)
            return exits;
        exits++;
        if (run->exit_reason < reasons)
            counts[run->exit_reason]++;
    }
}
