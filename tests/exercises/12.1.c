/*
 * The test of exercise 12.1, a second serial port: checks com2_register()
 * on ports worked out by hand, then runs the probe Linux's 8250 driver
 * makes (IER read back, FIFOs and IIR's 16550A bits, loopback) at COM2's
 * ports through it, against a UART (common/uart.c): it must find a
 * 16550A at 0x2f8, with a byte sent there coming out of COM2 only.
 */
#include "harness.h"
#include "uart.h"

int com2_register(unsigned port);

static void check_register(unsigned port, int want, const char *why)
{
    int got = com2_register(port);

    ck_assert_msg(got == want, "port %#x: %d, not %d (%s)", port, got, want,
                  why);
}

START_TEST(the_registers_of_com2)
{
    check_register(0x2f8, 0, "the base: THR/RBR");
    check_register(0x2fb, 3, "LCR");
    check_register(0x2ff, 7, "SCR, the last");
    check_register(0x2f7, -1, "just below COM2");
    check_register(0x300, -1, "just above COM2");
    check_register(0x3f8, -1, "COM1's base");
    check_register(0x3fd, -1, "COM1's LSR");
}
END_TEST

static char sent;
static void on_transmit(void *context, uint8_t byte)
{
    (void)context;
    sent = byte;
}

/* A port access through the exercise's dispatch: COM2's or nobody's. */
static uint8_t port_in(struct uart *com2, unsigned port)
{
    int reg = com2_register(port);

    return reg < 0 ? 0xff : uart_read(com2, reg);
}

static void port_out(struct uart *com2, unsigned port, uint8_t value)
{
    int reg = com2_register(port);

    if (reg >= 0)
        uart_write(com2, reg, value);
}

START_TEST(linux_finds_a_16550a_at_0x2f8)
{
    struct uart com2;

    uart_init(&com2, on_transmit, NULL, NULL);
    port_out(&com2, 0x2f9, 0x0f); /* IER */
    ck_assert_msg(port_in(&com2, 0x2f9) == 0x0f, "IER does not read back");
    port_out(&com2, 0x2fa, 0x01); /* FCR: FIFOs on */
    ck_assert_msg(port_in(&com2, 0x2fa) >> 6 == 3, "IIR says no 16550A");
    port_out(&com2, 0x2fc, 0x1a); /* MCR: loopback, RTS, OUT2 */
    ck_assert_msg((port_in(&com2, 0x2fe) & 0xf0) == 0x90,
                  "loopback does not show in MSR");
    port_out(&com2, 0x2fc, 0);
    port_out(&com2, 0x2f8, 'Z');
    ck_assert_msg(sent == 'Z', "a byte written to 0x2f8 did not go out");
    sent = 0;
    port_out(&com2, 0x3f8, 'Q');
    ck_assert_msg(sent == 0, "a byte for COM1 came out of COM2");
    ck_assert_msg(port_in(&com2, 0x3fd) == 0xff,
                  "COM1's LSR answered from COM2");
}
END_TEST

Suite *test_suite(void)
{
    Suite *suite = suite_create("exercise 12.1");

    exercise_check(suite, "COM2's registers, and no other port",
                   the_registers_of_com2);
    exercise_check(suite, "a driver's probe finds a 16550A at 0x2f8",
                   linux_finds_a_16550a_at_0x2f8);
    return suite;
}
