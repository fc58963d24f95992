/*
 * Exercise 12.1 (easy): a second serial port.
 *
 * A PC has up to four COM ports, each eight registers wide: COM1 at
 * 0x3f8-0x3ff (IRQ 4), COM2 at 0x2f8-0x2ff (IRQ 3). Chapter 12 wires one
 * UART, at COM1; a second one is the same state machine at another base.
 * The run loop must know which port exits are COM2's, and which of its
 * eight registers each one is.
 *
 * Hint: COM2's base is 0x2f8; a port belongs to it when it is at least
 * the base and less than the base plus UART_REGISTERS (8), and the
 * register is the port minus the base. Everything else, COM1's ports
 * included, is not COM2's.
 *
 * Book: book/12-linux.md, "A 16550A UART".
 * Check: make ex EX=12.1
 */

/* Which register of COM2 (0-7) `port` is, or -1 if it is not COM2's. */
int com2_register(unsigned port)
{
    (void)port;
    return -1; /* your code here */
}
