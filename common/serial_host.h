/*
 * serial_host.h - a UART (uart.c) wired to a VM: its eight ports, its IRQ
 * line (KVM_IRQ_LINE to the in-kernel PIC and IOAPIC), its output to a
 * function of the caller's, and its input from a file descriptor (the
 * terminal), read by a thread of its own.
 *
 * Two threads touch the UART: the vCPU's (port exits) and the input
 * thread; a mutex keeps them apart. Typed bytes wait in a host buffer
 * until a driver listens (IER's received-data interrupt is on): a kernel
 * empties the FIFO while it probes the port, which would lose them.
 *
 * When the input ends (a pipe, a file), the guest gets a Ctrl-D, which
 * its terminal driver turns into end of file for a reader.
 *
 * When the input is a terminal, its echo and line editing are off while
 * the guest runs (the guest echoes what it reads, as a terminal on a real
 * serial line does); Ctrl-C still sends SIGINT. stop puts it back.
 *
 * Introduced in chapter 12.
 */
#ifndef KVM101_SERIAL_HOST_H
#define KVM101_SERIAL_HOST_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <termios.h>

#include "run.h"
#include "uart.h"
#include "vm.h"

#define SERIAL_HOST_BUFFER 4096
#define SERIAL_HOST_EOF 0x04 /* Ctrl-D: sent when our input ends */

struct serial_host {
    struct uart uart;
    pthread_mutex_t lock;
    struct vm *vm;
    uint16_t base;  /* first port: 0x3f8 for COM1 */
    unsigned line;  /* IRQ line: 4 for COM1 */
    int irq_errno;  /* KVM_IRQ_LINE failed: this errno (0: never) */
    void (*output)(void *context, uint8_t byte);
    void *context;
    /* input */
    int input_fd;   /* -1: none */
    int wake[2];    /* a pipe: stop tells the input thread to end */
    bool thread_started, input_ended;
    pthread_t thread;
    uint8_t waiting[SERIAL_HOST_BUFFER]; /* typed, not yet received */
    size_t waiting_length;
    unsigned long bytes_in, bytes_out;
    bool terminal_changed;
    struct termios saved_terminal;
};

/* Wire a new UART at ports base..base+7 to IRQ `line`; bytes it sends go
 * to output(context, byte); input_fd (or -1) is read by a new thread.
 * Returns 0, or -1 with errno set. */
int serial_host_start(struct serial_host *serial, struct vm *vm,
                      uint16_t base, unsigned line, int input_fd,
                      void (*output)(void *, uint8_t), void *context);

/* For the run loop: a port exit in base..base+7 (IO_HANDLED), or
 * IO_NOT_MINE. IO_STOP when KVM_IRQ_LINE failed (irq_errno says why). */
enum io_result serial_host_io(struct serial_host *serial,
                              struct kvm_run *run);

/* End the input thread, put the terminal back, release everything. */
void serial_host_stop(struct serial_host *serial);

#endif
