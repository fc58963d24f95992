/*
 * Exercise 12.1, a reference solution: a second serial port.
 */
#define COM2_BASE 0x2f8
#define UART_REGISTERS 8

int com2_register(unsigned port)
{
    if (port < COM2_BASE || port >= COM2_BASE + UART_REGISTERS)
        return -1;
    return port - COM2_BASE;
}
