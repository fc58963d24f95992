/*
 * uart.h - a 16550A UART (the PC's serial port), as a pure state machine:
 * register reads and writes in, bytes and an interrupt level out. It knows
 * nothing of KVM, ports or threads; serial_host.c wires it to a VM.
 *
 * The eight registers, by offset from the base port (0x3f8 for COM1). DLAB
 * (bit 7 of LCR) turns offsets 0 and 1 into the baud-rate divisor latch:
 *
 *   offset  read                     write
 *   0       RBR received byte        THR byte to send      (DLAB=1: DLL)
 *   1       IER interrupt enable     IER                   (DLAB=1: DLM)
 *   2       IIR interrupt identity   FCR FIFO control
 *   3       LCR line control         LCR
 *   4       MCR modem control        MCR
 *   5       LSR line status          (ignored)
 *   6       MSR modem status         (ignored)
 *   7       SCR scratch              SCR
 *
 * Sending is instant: a byte written to THR goes out at once, so LSR
 * always shows THRE|TEMT (transmitter empty). What Linux's 8250 driver
 * probes, and this model answers: IER keeps only its low 4 bits; with
 * FIFOs on, IIR's top two bits read 11 (a 16550A); in loopback (MCR bit
 * 4) a sent byte comes back as received and MSR mirrors MCR's outputs.
 *
 * Introduced in chapter 12.
 */
#ifndef KVM101_UART_H
#define KVM101_UART_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

// ANCHOR: registers
/* Register offsets. */
#define UART_RBR 0 /* read: receive buffer */
#define UART_THR 0 /* write: transmit holding */
#define UART_DLL 0 /* DLAB=1: divisor latch, low byte */
#define UART_IER 1
#define UART_DLM 1 /* DLAB=1: divisor latch, high byte */
#define UART_IIR 2 /* read */
#define UART_FCR 2 /* write */
#define UART_LCR 3
#define UART_MCR 4
#define UART_LSR 5
#define UART_MSR 6
#define UART_SCR 7
#define UART_REGISTERS 8

#define UART_IER_RDI 0x01  /* interrupt when a byte was received */
#define UART_IER_THRI 0x02 /* interrupt when THR is empty */
#define UART_IER_RLSI 0x04 /* interrupt on a line-status error */
#define UART_IER_MSI 0x08  /* interrupt on a modem-status change */

#define UART_IIR_NO_INT 0x01 /* no interrupt pending */
#define UART_IIR_THRI 0x02   /* THR empty */
#define UART_IIR_RDI 0x04    /* received data available */
#define UART_IIR_FIFO 0xc0   /* FIFOs enabled (16550A) */

#define UART_FCR_ENABLE 0x01   /* FIFOs on */
#define UART_FCR_CLEAR_RX 0x02 /* empty the receive FIFO */

#define UART_LCR_DLAB 0x80 /* offsets 0 and 1 are the divisor latch */

#define UART_MCR_DTR 0x01
#define UART_MCR_RTS 0x02
#define UART_MCR_OUT1 0x04
#define UART_MCR_OUT2 0x08 /* on a PC: connects the interrupt to the PIC */
#define UART_MCR_LOOP 0x10 /* loopback: sent bytes come back */

#define UART_LSR_DR 0x01   /* a received byte is waiting */
#define UART_LSR_THRE 0x20 /* THR is empty */
#define UART_LSR_TEMT 0x40 /* the transmitter is idle */

#define UART_MSR_CTS 0x10
#define UART_MSR_DSR 0x20
#define UART_MSR_RI 0x40
#define UART_MSR_DCD 0x80
// ANCHOR_END: registers

#define UART_FIFO_SIZE 16

struct uart {
    uint8_t ier, lcr, mcr, scr, dll, dlm;
    bool fifo_enabled;
    bool thr_empty_pending; /* the THRE interrupt, until IIR reports it */
    uint8_t rx[UART_FIFO_SIZE];
    unsigned rx_head, rx_count;
    int level; /* the interrupt output, as last reported */
    /* A byte goes out (THR written, not in loopback). */
    void (*transmit)(void *context, uint8_t byte);
    /* The interrupt output changed to `level` (0 or 1). */
    void (*interrupt)(void *context, int level);
    void *context;
};

/* The power-on state: everything 0 but the divisor (12: 9600 baud),
 * nothing pending, the interrupt output low. Either callback may be NULL. */
void uart_init(struct uart *uart, void (*transmit)(void *, uint8_t),
               void (*interrupt)(void *, int), void *context);

/* A guest's read or write of the register at `offset` (0-7; others read
 * 0xff and are ignored). */
uint8_t uart_read(struct uart *uart, unsigned offset);
void uart_write(struct uart *uart, unsigned offset, uint8_t value);

/* Bytes arriving on the line (the host's input): as many as the receive
 * FIFO has room for are taken. Returns how many. */
size_t uart_receive(struct uart *uart, const uint8_t *data, size_t size);

/* Is a driver listening: received-data interrupts enabled? A host keeps
 * its input until then, since drivers empty the FIFO while they probe. */
bool uart_listening(const struct uart *uart);

#endif
