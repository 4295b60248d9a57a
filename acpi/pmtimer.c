/* The ACPI power management timer (ACPI 6.5 §4.8.3.3): a 3.579545 MHz
 * free-running counter, 24 bits wide unless the FADT sets TMR_VAL_EXT
 * (32 bits), read with 32-bit accesses; and TSC calibration against it.
 * Firmware only. Cloud Hypervisor puts it at I/O 0x608 (X_PM_TMR_BLK). */
#include "acpi/fw.h"

#include "arch/cpu.h"
#include "arch/io.h"
#include "lib/err.h"
#include "lib/log.h"

/* Calibration is split so that it costs no busy wait of its own: the
 * reference (an edge of the PM timer and the TSC) is taken at boot, and the
 * frequency is derived when it is first needed, waiting only for what is
 * left of a 1 ms window (3580 ticks: the edge-aligned start and a final
 * reading at most one tick late bound the error to 0.03%). The boot work in
 * between usually covers the window. A 24-bit timer wraps after 4.7 s, long
 * after the first use. The read bounds catch a stuck or absent timer (a
 * missing port reads all ones forever). */
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
static struct {
	bool started;
	uint32_t pm0;
	uint64_t tsc0;
} cal;

/* The reference point: the TSC at a PM timer edge. */
static int measure_start(void)
{
	uint32_t start = pm_read();
	unsigned reads = 0;

	while ((cal.pm0 = pm_read()) == start)
		if (++reads == CAL_MAX_READS)
			return ERR_TIMEOUT;
	cal.tsc0 = rdtsc();
	cal.started = true;
	return 0;
}

static int measure_finish(uint64_t *hz)
{
	unsigned reads = 0;
	uint32_t t;
	uint64_t tsc1;

	do {
		t = pm_read();
		if (++reads == CAL_MAX_READS)
			return ERR_TIMEOUT;
	} while (pm_delta(cal.pm0, t) < CAL_TICKS);
	tsc1 = rdtsc();
	*hz = (tsc1 - cal.tsc0) * ACPI_PM_TIMER_HZ / pm_delta(cal.pm0, t);
	if (*hz < TSC_HZ_MIN || *hz > TSC_HZ_MAX)
		return ERR_RANGE;
	return 0;
}

/* Called by tsc_hz() on first use: ends the measurement (or falls back to
 * CPUID) and returns the frequency. */
static uint64_t calibrate_finish(void)
{
	uint64_t hz = 0;
	int err = cal.started ? measure_finish(&hz) : ERR_NOTFOUND;

	if (err && cal.started)
		pr_warn("acpi: PM timer calibration failed (%s), using CPUID\n",
			err_str(err));
	if (err)
		hz = tsc_hz_from_cpuid();
	if (!hz)
		pr_warn("acpi: TSC frequency unknown\n");
	return hz;
}

int acpi_tsc_calibrate(void)
{
	int err = pm.present ? measure_start() : ERR_NOTFOUND;

	if (err && pm.present)
		pr_warn("acpi: PM timer does not tick (%s)\n", err_str(err));
	tsc_set_calibrator(calibrate_finish);
	return err;
}
