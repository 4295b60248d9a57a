/* 16550 UART on COM1 (0x3F8): polled output and input, 115200 8N1. */
#include "arch/arch.h"
#include "arch/cpu.h"
#include "arch/io.h"

#define COM1 0x3F8
#define UART_THR 0 /* transmit holding (DLAB=0) */
#define UART_RBR 0 /* receive buffer (DLAB=0) */
#define UART_DLL 0 /* divisor latch low (DLAB=1) */
#define UART_IER 1
#define UART_DLM 1 /* divisor latch high (DLAB=1) */
#define UART_FCR 2
#define UART_LCR 3
#define UART_MCR 4
#define UART_LSR 5
#define UART_SCR 7
#define LCR_DLAB 0x80
#define LCR_8N1 0x03
#define LSR_DR 0x01   /* data ready */
#define LSR_THRE 0x20 /* transmit holding register empty */
#define FCR_ENABLE_CLEAR 0x07
#define MCR_DTR_RTS 0x03
#define BAUD_DIVISOR 1 /* 115200 = 1.8432 MHz / 16 / 1 */
#define TX_SPIN_MAX 100000 /* a stuck UART drops output, never hangs */

static bool present;

bool serial_init(void)
{
	/* Presence: the scratch register holds what we write (8250+). */
	pio_write8(COM1 + UART_SCR, 0x5a);
	if (pio_read8(COM1 + UART_SCR) != 0x5a)
		return present = false;
	pio_write8(COM1 + UART_IER, 0);
	pio_write8(COM1 + UART_LCR, LCR_DLAB);
	pio_write8(COM1 + UART_DLL, BAUD_DIVISOR & 0xff);
	pio_write8(COM1 + UART_DLM, BAUD_DIVISOR >> 8);
	pio_write8(COM1 + UART_LCR, LCR_8N1);
	pio_write8(COM1 + UART_FCR, FCR_ENABLE_CLEAR);
	pio_write8(COM1 + UART_MCR, MCR_DTR_RTS);
	return present = true;
}

static void put(char c)
{
	for (unsigned i = 0; i < TX_SPIN_MAX; i++) {
		if (pio_read8(COM1 + UART_LSR) & LSR_THRE) {
			pio_write8(COM1 + UART_THR, (uint8_t)c);
			return;
		}
		cpu_relax();
	}
}

void serial_write(const char *s, size_t len)
{
	if (!present)
		return;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\n')
			put('\r');
		put(s[i]);
	}
}

int serial_getc(void)
{
	if (!present || !(pio_read8(COM1 + UART_LSR) & LSR_DR))
		return -1;
	return pio_read8(COM1 + UART_RBR);
}
