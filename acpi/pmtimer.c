/* The ACPI power management timer (ACPI 6.5 §4.8.3.3): a 3.579545 MHz
 * free-running counter, 24 bits wide unless the FADT sets TMR_VAL_EXT
 * (32 bits), read with 32-bit accesses; and TSC calibration against it.
 * Firmware only. Cloud Hypervisor puts it at I/O 0x608 (X_PM_TMR_BLK). */
#include "acpi/fw.h"

#include "arch/cpu.h"
#include "arch/io.h"
#include "lib/err.h"
#include "lib/log.h"

/* Calibration runs on every boot, and under TCG its cost is counted in
 * instructions: one millisecond (about 3580 ticks) is enough for a
 * firmware's Stall() and cheap. The read bounds catch a stuck or absent
 * timer (reads of a missing port return all ones forever). */
#define CAL_TICKS (ACPI_PM_TIMER_HZ / 1000)
#define CAL_MAX_READS 1000000u
#define TSC_HZ_MIN 50000000ull      /* 50 MHz */
#define TSC_HZ_MAX 50000000000ull   /* 50 GHz */

static struct {
	bool present, io;
	uint64_t address;
	uint32_t mask;
} pm;

void acpi_pm_timer_setup(const struct acpi_fadt *f)
{
	const struct acpi_gas *g = &f->pm_tmr;

	pm.present = false;
	if (!g->address || (g->space_id != ACPI_AS_SYSTEM_IO &&
			    g->space_id != ACPI_AS_SYSTEM_MEMORY))
		return;
	if (g->space_id == ACPI_AS_SYSTEM_IO && g->address > 0xfffc)
		return;
	acpi_gas_map(g);
	pm.io = g->space_id == ACPI_AS_SYSTEM_IO;
	pm.address = g->address;
	pm.mask = f->flags & ACPI_FADT_TMR_VAL_EXT ? 0xffffffffu : 0xffffffu;
	pm.present = true;
}

static uint32_t pm_read(void)
{
	uint32_t v = pm.io ? pio_read32((uint16_t)pm.address)
			   : mmio_read32(pm.address);

	return v & pm.mask;
}

int acpi_pm_timer_read(uint32_t *ticks)
{
	if (!pm.present)
		return ERR_NOTFOUND;
	*ticks = pm_read();
	return 0;
}

/* Ticks from a to b, across at most one wrap of the counter. */
static uint32_t pm_delta(uint32_t a, uint32_t b)
{
	return (b - a) & pm.mask;
}

/* TSC Hz over ~CAL_TICKS; both ends are taken right after a tick edge
 * so the measurement error is one read, not one tick. */
static int measure(uint64_t *hz)
{
	uint32_t start = pm_read(), t0, t;
	uint64_t tsc0, tsc1;
	unsigned reads = 0;

	while ((t0 = pm_read()) == start)
		if (++reads == CAL_MAX_READS)
			return ERR_TIMEOUT;
	tsc0 = rdtsc();
	do {
		t = pm_read();
		if (++reads == CAL_MAX_READS)
			return ERR_TIMEOUT;
	} while (pm_delta(t0, t) < CAL_TICKS);
	tsc1 = rdtsc();
	*hz = (tsc1 - tsc0) * ACPI_PM_TIMER_HZ / pm_delta(t0, t);
	if (*hz < TSC_HZ_MIN || *hz > TSC_HZ_MAX)
		return ERR_RANGE;
	return 0;
}

int acpi_tsc_calibrate(void)
{
	uint64_t hz = 0;
	int err = ERR_NOTFOUND;

	if (pm.present) {
		err = measure(&hz);
		if (err)
			pr_warn("acpi: PM timer calibration failed (%s), "
				"using CPUID\n", err_str(err));
	}
	if (err) {
		hz = tsc_hz_from_cpuid();
		if (!hz) {
			pr_warn("acpi: TSC frequency unknown\n");
			return ERR_NOTFOUND;
		}
	}
	tsc_set_hz(hz);
	return 0;
}
