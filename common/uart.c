/*
 * uart.c - a 16550A UART as a state machine. Introduced in chapter 12.
 */
#include <string.h>

#include "uart.h"

#define DIVISOR_9600_BAUD 12 /* 115200 / 9600 */

void uart_init(struct uart *uart, void (*transmit)(void *, uint8_t),
               void (*interrupt)(void *, int), void *context)
{
    memset(uart, 0, sizeof(*uart));
    uart->dll = DIVISOR_9600_BAUD;
    uart->transmit = transmit;
    uart->interrupt = interrupt;
    uart->context = context;
}

// ANCHOR: iir
/* The interrupt identity: the highest-priority cause that is both pending
 * and enabled in IER. Received data comes before an empty THR. */
static uint8_t interrupt_identity(const struct uart *uart)
{
    if ((uart->ier & UART_IER_RDI) && uart->rx_count > 0)
        return UART_IIR_RDI;
    if ((uart->ier & UART_IER_THRI) && uart->thr_empty_pending)
        return UART_IIR_THRI;
    return UART_IIR_NO_INT;
}

/* After every change: is an interrupt pending? On a PC the line reaches
 * the interrupt controller only while MCR's OUT2 is set. Report changes
 * only: the caller drives an IRQ line with them. */
static void update_interrupt(struct uart *uart)
{
    int level = interrupt_identity(uart) != UART_IIR_NO_INT &&
                (uart->mcr & UART_MCR_OUT2);

    if (level != uart->level) {
        uart->level = level;
        if (uart->interrupt)
            uart->interrupt(uart->context, level);
    }
}
// ANCHOR_END: iir

static void rx_push(struct uart *uart, uint8_t byte)
{
    if (uart->rx_count == UART_FIFO_SIZE)
        return; /* an overrun: the byte is lost, as on the chip */
    uart->rx[(uart->rx_head + uart->rx_count) % UART_FIFO_SIZE] = byte;
    uart->rx_count++;
}

static uint8_t rx_pop(struct uart *uart)
{
    uint8_t byte;

    if (uart->rx_count == 0)
        return 0;
    byte = uart->rx[uart->rx_head];
    uart->rx_head = (uart->rx_head + 1) % UART_FIFO_SIZE;
    uart->rx_count--;
    return byte;
}

// ANCHOR: msr
/* Modem status: the lines a modem would drive. Nobody is there, so we say
 * it is ready (carrier, data set ready, clear to send). In loopback the
 * chip wires its own outputs back: RTS to CTS, DTR to DSR, OUT1 to RI and
 * OUT2 to DCD; Linux checks exactly that before it believes in a UART. */
static uint8_t modem_status(const struct uart *uart)
{
    uint8_t msr = 0;

    if (!(uart->mcr & UART_MCR_LOOP))
        return UART_MSR_DCD | UART_MSR_DSR | UART_MSR_CTS;
    if (uart->mcr & UART_MCR_RTS)
        msr |= UART_MSR_CTS;
    if (uart->mcr & UART_MCR_DTR)
        msr |= UART_MSR_DSR;
    if (uart->mcr & UART_MCR_OUT1)
        msr |= UART_MSR_RI;
    if (uart->mcr & UART_MCR_OUT2)
        msr |= UART_MSR_DCD;
    return msr;
}
// ANCHOR_END: msr

// ANCHOR: read
uint8_t uart_read(struct uart *uart, unsigned offset)
{
    bool dlab = uart->lcr & UART_LCR_DLAB;
    uint8_t value = 0xff;

    switch (offset) {
    case UART_RBR:
        value = dlab ? uart->dll : rx_pop(uart);
        break;
    case UART_IER:
        value = dlab ? uart->dlm : uart->ier;
        break;
    case UART_IIR:
        value = interrupt_identity(uart);
        /* Reading IIR while it names the THRE interrupt clears it. */
        if (value == UART_IIR_THRI)
            uart->thr_empty_pending = false;
        if (uart->fifo_enabled)
            value |= UART_IIR_FIFO;
        break;
    case UART_LCR:
        value = uart->lcr;
        break;
    case UART_MCR:
        value = uart->mcr;
        break;
    case UART_LSR:
        value = UART_LSR_THRE | UART_LSR_TEMT |
                (uart->rx_count > 0 ? UART_LSR_DR : 0);
        break;
    case UART_MSR:
        value = modem_status(uart);
        break;
    case UART_SCR:
        value = uart->scr;
        break;
    }
    update_interrupt(uart);
    return value;
}
// ANCHOR_END: read

// ANCHOR: write
void uart_write(struct uart *uart, unsigned offset, uint8_t value)
{
    bool dlab = uart->lcr & UART_LCR_DLAB;

    switch (offset) {
    case UART_THR:
        if (dlab) {
            uart->dll = value;
        } else {
            if (uart->mcr & UART_MCR_LOOP)
                rx_push(uart, value);
            else if (uart->transmit)
                uart->transmit(uart->context, value);
            /* Sent at once: THR is empty again. */
            uart->thr_empty_pending = true;
        }
        break;
    case UART_IER:
        if (dlab) {
            uart->dlm = value;
        } else {
            uart->ier = value & 0x0f;
            /* Enabling the THRE interrupt while THR is empty (always,
             * here) raises it at once: Linux tests for this. */
            if (value & UART_IER_THRI)
                uart->thr_empty_pending = true;
        }
        break;
    case UART_FCR:
        uart->fifo_enabled = value & UART_FCR_ENABLE;
        if (value & UART_FCR_CLEAR_RX)
            uart->rx_count = 0;
        break;
    case UART_LCR:
        uart->lcr = value;
        break;
    case UART_MCR:
        uart->mcr = value & 0x1f;
        break;
    case UART_SCR:
        uart->scr = value;
        break;
    } /* LSR and MSR are read-only */
    update_interrupt(uart);
}
// ANCHOR_END: write

size_t uart_receive(struct uart *uart, const uint8_t *data, size_t size)
{
    size_t taken = 0;

    while (taken < size && uart->rx_count < UART_FIFO_SIZE)
        rx_push(uart, data[taken++]);
    update_interrupt(uart);
    return taken;
}

bool uart_listening(const struct uart *uart)
{
    return (uart->ier & UART_IER_RDI) && !(uart->lcr & UART_LCR_DLAB);
}
