/* The ACPI power management timer (ACPI 6.5 §4.8.3.3): a 3.579545 MHz
 * free-running counter, 24 bits wide unless the FADT sets TMR_VAL_EXT
 * (32 bits), read with 32-bit accesses; and TSC calibration against it.
 * Firmware only. Cloud Hypervisor puts it at I/O 0x608 (X_PM_TMR_BLK). */
#include "acpi/fw.h"

#include "arch/cpu.h"
#include "arch/io.h"
#include "arch/tsc.h"
#include "lib/err.h"
#include "lib/log.h"

/* Calibration is split so that it costs no busy wait of its own: the
 * reference (a PM timer reading and the TSC) is taken at boot, and the
 * frequency is derived when it is first needed, waiting only for what is
 * left of a 1 ms window (3580 ticks). The boot work in between usually
 * covers the window. Each end is the narrowest of CAL_SAMPLES readings
 * bracketed by rdtsc, at the middle of its bracket: a vCPU preempted
 * between a reading and its TSC (which once put a TCG host's rate 0.5 %
 * off) does not skew it, and the error stays within a tick (0.28 us) and
 * half a bracket per end. A 24-bit timer wraps after 4.7 s, long after the
 * first use. The read bounds catch a stuck or absent timer (a missing
 * port reads all ones forever). */
#define CAL_TICKS (ACPI_PM_TIMER_HZ / 1000)
#define CAL_MAX_READS 1000000u
#define CAL_SAMPLES 8

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

/* TSC Hz over ~CAL_TICKS. */
static struct {
	uint32_t pm0;
	uint64_t tsc0;
} cal;

/* A PM timer reading and the TSC at the same moment. */
static void sample(uint32_t *ticks, uint64_t *tsc)
{
	uint64_t best = UINT64_MAX;

	for (unsigned i = 0; i < CAL_SAMPLES; i++) {
		uint64_t t0 = rdtsc();
		uint32_t v = pm_read();
		uint64_t t1 = rdtsc();

		if (t1 - t0 < best) {
			best = t1 - t0;
			*ticks = v;
			*tsc = t0 + best / 2;
		}
	}
}

/* The reference point, once the timer is seen to tick. */
static int measure_start(void)
{
	uint32_t start = pm_read();
	unsigned reads = 0;

	while (pm_read() == start)
		if (++reads == CAL_MAX_READS)
			return ERR_TIMEOUT;
	sample(&cal.pm0, &cal.tsc0);
	return 0;
}

/* The PM timer meter (struct tsc_ops): run by tsc_hz() on first use
 * when nothing declares the rate. */
static int measure_finish(uint64_t *hz)
{
	unsigned reads = 0;
	uint32_t t;
	uint64_t tsc1;
	int err;

	while (pm_delta(cal.pm0, pm_read()) < CAL_TICKS) {
		if (++reads == CAL_MAX_READS) {
			err = ERR_TIMEOUT;
			goto fail;
		}
	}
	sample(&t, &tsc1);
	err = tsc_hz_from_window(tsc1 - cal.tsc0, pm_delta(cal.pm0, t),
				 ACPI_PM_TIMER_HZ, hz);
	if (!err)
		return 0;
fail:
	pr_warn("acpi: PM timer calibration failed (%s)\n", err_str(err));
	return err;
}

int acpi_tsc_calibrate(void)
{
	int err = pm.present ? measure_start() : ERR_NOTFOUND;

	if (err && pm.present)
		pr_warn("acpi: PM timer does not tick (%s)\n", err_str(err));
	tsc_calibrate_begin(err ? NULL : measure_finish);
	return err;
}
