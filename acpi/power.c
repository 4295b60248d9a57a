/* Power-off and reset through what the FADT describes, with the fallbacks
 * of the VMMs we run on. Firmware only. Each return means "still alive":
 * the caller stops the CPU. */
#include "acpi/fw.h"

#include "arch/arch.h"
#include "arch/cpu.h"
#include "arch/io.h"
#include "lib/bytes.h"
#include "lib/err.h"
#include "lib/log.h"

/* PM1 Control register bits, §4.8.3.2.1 (Table 4.13). */
#define PM1_SLP_TYP_SHIFT 10
#define PM1_SLP_TYP_MASK (7u << PM1_SLP_TYP_SHIFT)
#define PM1_SLP_EN (1u << 13)
/* Sleep Control Register bits, §4.8.3.7 (Table 4.19). */
#define SLEEP_CTL_SLP_TYP_SHIFT 2
#define SLEEP_CTL_SLP_EN (1u << 5)

/* Cloud Hypervisor's shutdown device (CH_SHUTDOWN_PORT, arch/arch.h):
 * its DSDT says \_S5 = Package { 5, 5, 0, 0 }, and CH_POWEROFF_VALUE is
 * that S5 with SLP_EN in its sleep-control layout. */
#define CH_SLP_TYP_S5 5
BUILD_ASSERT(CH_POWEROFF_VALUE ==
	     ((CH_SLP_TYP_S5 << SLEEP_CTL_SLP_TYP_SHIFT) | SLEEP_CTL_SLP_EN));

/* Give a write that takes effect asynchronously time to do so: QEMU acts
 * on it in its main-loop thread, which a loaded host may not run for tens
 * of milliseconds (10 ms was seen to be too short with two QEMUs on two
 * cores). A write that works never comes back, so the wait costs nothing
 * then; it only delays the next fallback. */
#define SETTLE_US 1000000u
#define SETTLE_SPINS 100000000u /* when the TSC rate is unknown */

static void settle(void)
{
	uint64_t end = tsc_deadline_us(SETTLE_US);

	if (!end) {
		for (unsigned i = 0; i < SETTLE_SPINS; i++)
			cpu_relax();
		return;
	}
	while (rdtsc() < end)
		cpu_relax();
}

static void sleep_control_s5(const struct acpi_fadt *f)
{
	const struct acpi_sleep_type *s5 = acpi_s5();
	uint8_t typ = s5 ? s5->slp_typa : CH_SLP_TYP_S5;

	/* §4.8.3.7: hardware-reduced platforms sleep through this. */
	acpi_gas_write(&f->sleep_control,
		       (uint64_t)typ << SLEEP_CTL_SLP_TYP_SHIFT |
			       SLEEP_CTL_SLP_EN);
	settle();
}

static void pm1_cnt_s5(const struct acpi_fadt *f)
{
	const struct acpi_sleep_type *s5 = acpi_s5();
	uint64_t a = 0, b = 0;

	if (!s5) {
		pr_warn("acpi: no \\_S5, cannot use PM1_CNT\n");
		return;
	}
	/* §16.1.3.1 / §4.8.3.2.1: keep the other bits, set SLP_TYPx, then
	 * SLP_EN; PM1a gets SLP_TYPa and PM1b SLP_TYPb. */
	acpi_gas_read(&f->pm1a_cnt, &a);
	a = (a & ~(uint64_t)(PM1_SLP_TYP_MASK | PM1_SLP_EN)) |
	    (uint64_t)s5->slp_typa << PM1_SLP_TYP_SHIFT;
	if (f->pm1b_cnt.address) {
		acpi_gas_read(&f->pm1b_cnt, &b);
		b = (b & ~(uint64_t)(PM1_SLP_TYP_MASK | PM1_SLP_EN)) |
		    (uint64_t)s5->slp_typb << PM1_SLP_TYP_SHIFT;
		acpi_gas_write(&f->pm1b_cnt, b);
	}
	acpi_gas_write(&f->pm1a_cnt, a);
	if (f->pm1b_cnt.address)
		acpi_gas_write(&f->pm1b_cnt, b | PM1_SLP_EN);
	acpi_gas_write(&f->pm1a_cnt, a | PM1_SLP_EN);
	settle();
}

void acpi_poweroff(void)
{
	const struct acpi_fadt *f = acpi_fadt();
	bool ch_port_tried = false;

	if (f && acpi_fadt_hw_reduced(f) && f->sleep_control.address) {
		sleep_control_s5(f);
		ch_port_tried = f->sleep_control.space_id ==
					ACPI_AS_SYSTEM_IO &&
				f->sleep_control.address == CH_SHUTDOWN_PORT;
	} else if (f && f->pm1a_cnt.address) {
		pm1_cnt_s5(f);
	}
	if (!ch_port_tried) {
		pio_write8(CH_SHUTDOWN_PORT, CH_POWEROFF_VALUE);
		settle();
	}
	pr_err("acpi: power-off failed\n");
}

void acpi_reset(void)
{
	const struct acpi_fadt *f = acpi_fadt();

	/* §4.8.3.6: RESET_REG is usable when RESET_REG_SUP says so; on a
	 * hardware-reduced platform it is the only way (§4.1). */
	if (f && f->reset_reg.address &&
	    (f->flags & (ACPI_FADT_RESET_REG_SUP | ACPI_FADT_HW_REDUCED_ACPI))) {
		acpi_gas_write(&f->reset_reg, f->reset_value);
		settle();
	}
	pio_write8(RST_CNT_PORT, RST_CNT_SYS_RST);
	pio_write8(RST_CNT_PORT, RST_CNT_SYS_RST | RST_CNT_RST_CPU);
	settle();
	pio_write8(KBC_CMD_PORT, KBC_PULSE_RESET);
	settle();
	pr_err("acpi: reset failed\n");
}
