/*
 * serial_host.c - a UART wired to a VM. Introduced in chapter 12.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "irq.h"
#include "serial_host.h"

#define FEED_RETRY_MS 10 /* how often waiting input is offered again */

// ANCHOR: wiring
/* The UART's interrupt output drives an IRQ line of the in-kernel
 * controllers. (On an edge-triggered PIC line, each rise is an
 * interrupt.) Called with the lock held. */
static void raise_or_lower(void *context, int level)
{
    struct serial_host *serial = context;

    if (vm_irq_line(serial->vm, serial->line, level, NULL) < 0 &&
        !serial->irq_errno)
        serial->irq_errno = errno;
}

static void transmit(void *context, uint8_t byte)
{
    struct serial_host *serial = context;

    serial->bytes_out++;
    if (serial->output)
        serial->output(serial->context, byte);
}

enum io_result serial_host_io(struct serial_host *serial, struct kvm_run *run)
{
    uint8_t *data = (uint8_t *)run + run->io.data_offset;

    if (run->exit_reason != KVM_EXIT_IO || run->io.port < serial->base ||
        run->io.port >= serial->base + UART_REGISTERS)
        return IO_NOT_MINE;
    pthread_mutex_lock(&serial->lock);
    /* A string instruction (rep outsb) brings count bytes at once. */
    for (uint32_t i = 0; i < run->io.count * run->io.size; i++) {
        unsigned offset = (run->io.port - serial->base + i % run->io.size) &
                          (UART_REGISTERS - 1);
        if (run->io.direction == KVM_EXIT_IO_OUT)
            uart_write(&serial->uart, offset, data[i]);
        else
            data[i] = uart_read(&serial->uart, offset);
    }
    pthread_mutex_unlock(&serial->lock);
    return serial->irq_errno ? IO_STOP : IO_HANDLED;
}
// ANCHOR_END: wiring

// ANCHOR: input
/* Offer the waiting bytes to the UART, if a driver listens; keep the
 * rest. Called with the lock held. */
static void feed(struct serial_host *serial)
{
    size_t taken;

    if (serial->waiting_length == 0 || !uart_listening(&serial->uart))
        return;
    taken = uart_receive(&serial->uart, serial->waiting,
                         serial->waiting_length);
    memmove(serial->waiting, serial->waiting + taken,
            serial->waiting_length - taken);
    serial->waiting_length -= taken;
    serial->bytes_in += taken;
}

/* Our input ended (a pipe or a file; an error): type Ctrl-D, as a person
 * at a terminal would. The guest's terminal driver turns it into end of
 * file for a program reading a line. Called with the lock held. */
static void end_of_input(struct serial_host *serial)
{
    serial->input_ended = true;
    if (serial->waiting_length < SERIAL_HOST_BUFFER)
        serial->waiting[serial->waiting_length++] = SERIAL_HOST_EOF;
}

static void *input_thread(void *argument)
{
    struct serial_host *serial = argument;

    for (;;) {
        struct pollfd fds[2] = {{.fd = serial->wake[0], .events = POLLIN},
                                {.fd = serial->input_fd, .events = POLLIN}};
        /* Read more only when there is room; retry feeding while waiting. */
        int watch_input = !serial->input_ended &&
                          serial->waiting_length < SERIAL_HOST_BUFFER;
        int ready = poll(fds, watch_input ? 2 : 1,
                         serial->waiting_length ? FEED_RETRY_MS : -1);

        if (ready < 0 && errno != EINTR)
            break;
        if (ready > 0 && fds[0].revents)
            break; /* serial_host_stop() */
        pthread_mutex_lock(&serial->lock);
        if (ready > 0 && watch_input && fds[1].revents) {
            ssize_t got = read(serial->input_fd,
                               serial->waiting + serial->waiting_length,
                               SERIAL_HOST_BUFFER - serial->waiting_length);
            if (got > 0)
                serial->waiting_length += got;
            else if (got == 0 || errno != EINTR)
                end_of_input(serial);
        }
        feed(serial);
        pthread_mutex_unlock(&serial->lock);
    }
    return NULL;
}
// ANCHOR_END: input

/* A terminal: no echo, no line editing (the guest does both); signals
 * (Ctrl-C) still work. */
static void terminal_raw(struct serial_host *serial)
{
    struct termios raw;

    if (!isatty(serial->input_fd) ||
        tcgetattr(serial->input_fd, &serial->saved_terminal) < 0)
        return;
    raw = serial->saved_terminal;
    raw.c_lflag &= ~(ECHO | ICANON | IEXTEN);
    raw.c_iflag &= ~(ICRNL | IXON);
    raw.c_cc[VMIN] = 1;
    raw.c_cc[VTIME] = 0;
    if (tcsetattr(serial->input_fd, TCSANOW, &raw) == 0)
        serial->terminal_changed = true;
}

int serial_host_start(struct serial_host *serial, struct vm *vm,
                      uint16_t base, unsigned line, int input_fd,
                      void (*output)(void *, uint8_t), void *context)
{
    sigset_t all, saved;
    int err;

    memset(serial, 0, sizeof(*serial));
    serial->vm = vm;
    serial->base = base;
    serial->line = line;
    serial->output = output;
    serial->context = context;
    serial->input_fd = input_fd;
    serial->wake[0] = serial->wake[1] = -1;
    uart_init(&serial->uart, transmit, raise_or_lower, serial);
    err = pthread_mutex_init(&serial->lock, NULL);
    if (err) {
        errno = err;
        return -1;
    }
    if (input_fd < 0)
        return 0;
    if (pipe(serial->wake) < 0) {
        serial_host_stop(serial);
        return -1;
    }
    terminal_raw(serial);
    /* The thread takes no signal: SIGINT must reach the vCPU's thread. */
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &saved);
    err = pthread_create(&serial->thread, NULL, input_thread, serial);
    pthread_sigmask(SIG_SETMASK, &saved, NULL);
    if (err) {
        serial_host_stop(serial);
        errno = err;
        return -1;
    }
    serial->thread_started = true;
    return 0;
}

void serial_host_stop(struct serial_host *serial)
{
    int saved_errno = errno;

    if (serial->thread_started) {
        (void)!write(serial->wake[1], "", 1);
        pthread_join(serial->thread, NULL);
        serial->thread_started = false;
    }
    for (int i = 0; i < 2; i++)
        if (serial->wake[i] >= 0)
            close(serial->wake[i]);
    serial->wake[0] = serial->wake[1] = -1;
    if (serial->terminal_changed)
        tcsetattr(serial->input_fd, TCSANOW, &serial->saved_terminal);
    serial->terminal_changed = false;
    pthread_mutex_destroy(&serial->lock);
    errno = saved_errno;
}
