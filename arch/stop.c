/* Stopping the machine: halt for a person to read the console, or in test
 * mode power off so the run ends deterministically. */
#include "arch/arch.h"
#include "arch/io.h"

/* QEMU's isa-debug-exit (-device isa-debug-exit,iobase=0xf4,iosize=4):
 * writing v makes QEMU exit with status (v << 1) | 1. */
#define DEBUG_EXIT_PORT 0xf4

static bool test_mode;

static void (*poweroff_fn)(void);
static void (*reset_fn)(void);

void arch_set_test_mode(bool on)
{
	test_mode = on;
}

void arch_set_poweroff(void (*fn)(void))
{
	poweroff_fn = fn;
}

void arch_set_reset(void (*fn)(void))
{
	reset_fn = fn;
}

void arch_reset(void)
{
	if (reset_fn)
		reset_fn();
	pio_write8(KBC_CMD_PORT, KBC_PULSE_RESET);
	arch_halt();
}

void arch_halt(void)
{
	for (;;)
		__asm__ volatile("cli; hlt");
}

void arch_stop(int status)
{
	if (status)
		arch_progress(ARCH_PROGRESS_STOP_ERROR);
	if (test_mode) {
		/* Success ends through the platform's real power-off path;
		 * failure through isa-debug-exit, which carries the status. */
		if (status == 0 && poweroff_fn)
			poweroff_fn();
		pio_write32(DEBUG_EXIT_PORT, (uint32_t)status);
		if (poweroff_fn)
			poweroff_fn();
	}
	arch_halt();
}
