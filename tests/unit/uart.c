/*
 * Unit tests for common/uart.c: the 16550A as Linux's 8250 driver probes
 * and uses it. No KVM: bytes in, registers, output and interrupt level out.
 */
#include <string.h>

#include "harness.h"
#include "uart.h"

struct wires {
    char sent[64];
    size_t length;
    int level, changes;
};

static void on_transmit(void *context, uint8_t byte)
{
    struct wires *wires = context;

    wires->sent[wires->length++] = byte;
}

static void on_interrupt(void *context, int level)
{
    struct wires *wires = context;

    wires->level = level;
    wires->changes++;
}

static struct uart uart;
static struct wires wires;

static void setup(void)
{
    memset(&wires, 0, sizeof(wires));
    uart_init(&uart, on_transmit, on_interrupt, &wires);
}

START_TEST(idle_line_status_says_transmitter_empty)
{
    ck_assert_uint_eq(uart_read(&uart, UART_LSR),
                      UART_LSR_THRE | UART_LSR_TEMT);
    ck_assert_uint_eq(uart_read(&uart, UART_IIR), UART_IIR_NO_INT);
}
END_TEST

START_TEST(ier_keeps_its_low_four_bits)
{
    /* Linux's probe: IER written 0 reads 0, written 0x0f reads 0x0f. */
    uart_write(&uart, UART_IER, 0);
    ck_assert_uint_eq(uart_read(&uart, UART_IER), 0);
    uart_write(&uart, UART_IER, 0xff);
    ck_assert_uint_eq(uart_read(&uart, UART_IER), 0x0f);
}
END_TEST

START_TEST(fifo_enabled_reads_as_16550a)
{
    uart_write(&uart, UART_FCR, UART_FCR_ENABLE);
    ck_assert_uint_eq(uart_read(&uart, UART_IIR) >> 6, 3);
    uart_write(&uart, UART_FCR, 0);
    ck_assert_uint_eq(uart_read(&uart, UART_IIR) >> 6, 0);
}
END_TEST

START_TEST(dlab_selects_the_divisor_latch)
{
    uart_write(&uart, UART_LCR, UART_LCR_DLAB | 0x03);
    uart_write(&uart, UART_DLL, 1); /* 115200 baud */
    uart_write(&uart, UART_DLM, 0);
    ck_assert_uint_eq(uart_read(&uart, UART_DLL), 1);
    ck_assert_uint_eq(wires.length, 0); /* not a byte sent */
    uart_write(&uart, UART_LCR, 0x03);
    uart_write(&uart, UART_THR, 'A');
    ck_assert_uint_eq(wires.length, 1);
    ck_assert_int_eq(wires.sent[0], 'A');
    ck_assert_uint_eq(uart_read(&uart, UART_IER), 0); /* IER untouched */
}
END_TEST

START_TEST(scratch_register_keeps_a_byte)
{
    uart_write(&uart, UART_SCR, 0x5a);
    ck_assert_uint_eq(uart_read(&uart, UART_SCR), 0x5a);
}
END_TEST

START_TEST(loopback_mirrors_mcr_in_msr)
{
    /* Linux's check: MCR = LOOP | RTS | OUT2 must give MSR = CTS | DCD. */
    uart_write(&uart, UART_MCR, UART_MCR_LOOP | 0x0a);
    ck_assert_uint_eq(uart_read(&uart, UART_MSR) & 0xf0, 0x90);
    uart_write(&uart, UART_THR, 'x'); /* comes back, not sent */
    ck_assert_uint_eq(wires.length, 0);
    ck_assert(uart_read(&uart, UART_LSR) & UART_LSR_DR);
    ck_assert_uint_eq(uart_read(&uart, UART_RBR), 'x');
    uart_write(&uart, UART_MCR, 0);
    ck_assert_uint_eq(uart_read(&uart, UART_MSR),
                      UART_MSR_DCD | UART_MSR_DSR | UART_MSR_CTS);
}
END_TEST

START_TEST(thre_interrupt_when_enabled_then_cleared_by_iir)
{
    uart_write(&uart, UART_MCR, UART_MCR_OUT2);
    uart_write(&uart, UART_IER, UART_IER_THRI);
    ck_assert_int_eq(wires.level, 1);
    ck_assert_uint_eq(uart_read(&uart, UART_IIR), UART_IIR_THRI);
    ck_assert_int_eq(wires.level, 0);
    ck_assert_uint_eq(uart_read(&uart, UART_IIR), UART_IIR_NO_INT);
    /* Enabling it again raises it again (Linux's THRE test). */
    uart_write(&uart, UART_IER, 0);
    uart_write(&uart, UART_IER, UART_IER_THRI);
    ck_assert_uint_eq(uart_read(&uart, UART_IIR), UART_IIR_THRI);
    /* A byte sent empties THR at once: pending again. */
    uart_write(&uart, UART_THR, 'b');
    ck_assert_int_eq(wires.level, 1);
}
END_TEST

START_TEST(interrupt_needs_out2)
{
    uart_write(&uart, UART_IER, UART_IER_THRI);
    ck_assert_int_eq(wires.level, 0);
    ck_assert_int_eq(wires.changes, 0);
    uart_write(&uart, UART_MCR, UART_MCR_OUT2);
    ck_assert_int_eq(wires.level, 1);
}
END_TEST

START_TEST(received_bytes_raise_data_ready)
{
    const uint8_t typed[] = "hi";

    ck_assert(!uart_listening(&uart));
    uart_write(&uart, UART_MCR, UART_MCR_OUT2);
    uart_write(&uart, UART_IER, UART_IER_RDI);
    ck_assert(uart_listening(&uart));
    ck_assert_uint_eq(uart_receive(&uart, typed, 2), 2);
    ck_assert_int_eq(wires.level, 1);
    ck_assert_uint_eq(uart_read(&uart, UART_IIR), UART_IIR_RDI);
    ck_assert(uart_read(&uart, UART_LSR) & UART_LSR_DR);
    ck_assert_uint_eq(uart_read(&uart, UART_RBR), 'h');
    ck_assert_uint_eq(uart_read(&uart, UART_RBR), 'i');
    ck_assert(!(uart_read(&uart, UART_LSR) & UART_LSR_DR));
    ck_assert_int_eq(wires.level, 0);
}
END_TEST

START_TEST(fifo_takes_sixteen_and_clears)
{
    uint8_t many[40];

    memset(many, 'z', sizeof(many));
    ck_assert_uint_eq(uart_receive(&uart, many, sizeof(many)),
                      UART_FIFO_SIZE);
    uart_write(&uart, UART_FCR, UART_FCR_ENABLE | UART_FCR_CLEAR_RX);
    ck_assert(!(uart_read(&uart, UART_LSR) & UART_LSR_DR));
}
END_TEST

START_TEST(unknown_offsets_read_ff)
{
    ck_assert_uint_eq(uart_read(&uart, 8), 0xff);
    uart_write(&uart, 9, 1); /* ignored, no crash */
}
END_TEST

Suite *test_suite(void)
{
    Suite *suite = suite_create("unit/uart");
    TCase *tc = tcase_create("uart");

    tcase_add_checked_fixture(tc, setup, NULL);
    tcase_add_test(tc, idle_line_status_says_transmitter_empty);
    tcase_add_test(tc, ier_keeps_its_low_four_bits);
    tcase_add_test(tc, fifo_enabled_reads_as_16550a);
    tcase_add_test(tc, dlab_selects_the_divisor_latch);
    tcase_add_test(tc, scratch_register_keeps_a_byte);
    tcase_add_test(tc, loopback_mirrors_mcr_in_msr);
    tcase_add_test(tc, thre_interrupt_when_enabled_then_cleared_by_iir);
    tcase_add_test(tc, interrupt_needs_out2);
    tcase_add_test(tc, received_bytes_raise_data_ready);
    tcase_add_test(tc, fifo_takes_sixteen_and_clears);
    tcase_add_test(tc, unknown_offsets_read_ff);
    suite_add_tcase(suite, tc);
    return suite;
}
