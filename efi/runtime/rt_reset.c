/* ResetSystem (UEFI 2.10 §8.5.1) in the runtime region: the same paths as
 * acpi/power.c, but only through I/O ports and values captured at boot
 * (runtime_init.c), since the FADT and the boot code are gone (or not
 * mapped) by the time an OS calls this: I/O ports, and the byte-wide
 * memory-space registers of a hardware-reduced platform (QEMU microvm's
 * GED) through pointers SetVirtualAddressMap keeps current. */
#include "efi/runtime/rt.h"

#include "arch/arch.h" /* the reset and power-off ports: constants only */
#include "arch/cpu.h"
#include "arch/io.h"

#define SETTLE_SPINS 100000000u /* when the TSC rate is unknown */

/* Give a write that acts asynchronously (QEMU's main loop) time to act. */
static void settle(void)
{
	const struct rt_power *p = &efi_rt_state.power;

	if (p->settle_tsc) {
		uint64_t end = rdtsc() + p->settle_tsc;

		while (rdtsc() < end)
			cpu_relax();
		return;
	}
	for (unsigned i = 0; i < SETTLE_SPINS; i++)
		cpu_relax();
}

static void port_write(uint16_t port, uint8_t width, uint32_t v)
{
	if (width == 4)
		pio_write32(port, v);
	else if (width == 2)
		pio_write16(port, (uint16_t)v);
	else
		pio_write8(port, (uint8_t)v);
}

/* ACPI §16.1.3.1: SLP_TYP first, then SLP_EN with it; PM1b before PM1a. */
static void poweroff(void)
{
	const struct rt_power *p = &efi_rt_state.power;

	for (int i = 1; i >= 0; i--)
		if (p->off_port[i])
			port_write(p->off_port[i], p->off_width[i], p->off_pre[i]);
	for (int i = 1; i >= 0; i--)
		if (p->off_port[i])
			port_write(p->off_port[i], p->off_width[i], p->off_val[i]);
	if (p->off_port[0] || p->off_port[1])
		settle();
	if (p->off_mmio) {
		*p->off_mmio = p->off_mmio_val;
		settle();
	}
	if (p->off_port[0] != CH_SHUTDOWN_PORT) {
		pio_write8(CH_SHUTDOWN_PORT, CH_POWEROFF_VALUE);
		settle();
	}
}

static void reset(void)
{
	const struct rt_power *p = &efi_rt_state.power;

	if (p->reset_port) {
		pio_write8(p->reset_port, p->reset_val);
		settle();
	}
	if (p->reset_mmio) {
		*p->reset_mmio = p->reset_val;
		settle();
	}
	pio_write8(RST_CNT_PORT, RST_CNT_SYS_RST);
	pio_write8(RST_CNT_PORT, RST_CNT_SYS_RST | RST_CNT_RST_CPU);
	settle();
	pio_write8(KBC_CMD_PORT, KBC_PULSE_RESET);
	settle();
}

/* gnu-efi 3.0.15 types ResetSystem as returning EFI_STATUS; it never
 * returns. Cold, warm and platform-specific resets are all one VM reset;
 * a failed power-off falls back to a reset rather than returning. */
EFI_STATUS EFIAPI efi_rt_reset_system(EFI_RESET_TYPE type, EFI_STATUS status,
				      UINTN size, CHAR16 *data)
{
	if (type == EfiResetShutdown)
		poweroff();
	reset();
	/* Every way out failed. No message: at runtime the console belongs
	 * to the OS, and the boot-time log code is not in the region. */
	for (;;)
		__asm__ volatile("cli; hlt");
}
