/* The TSC rate: runs the choice of arch/tsc_source.c on this machine and
 * keeps its result. Declared rates are taken when acpi/ calls
 * tsc_calibrate_begin(); measured ones complete on the first tsc_hz(), so
 * their windows overlap the boot instead of costing a busy wait. The
 * source is logged once. */
#include "arch/tsc.h"

#include <stdbool.h>

#include "arch/io.h"
#include "lib/err.h"
#include "lib/log.h"

#define PVCLOCK_READS 1000u /* an odd version means the hypervisor writes */

static struct tsc_rate rate;
static bool pending; /* a measurement is left for the first tsc_hz() */

/* kvmclock's time-information area: in the image, so its address is
 * physical (identity map) and guest RAM; 64-byte aligned so that it does
 * not cross a page. */
static struct pvclock_vcpu_time_info pvclock_area __attribute__((aligned(64)));

static struct cpuid_regs do_cpuid(uint32_t leaf, uint32_t subleaf)
{
	return cpuid(leaf, subleaf);
}

/* The hypervisor fills the area when the MSR is written (before the vCPU
 * runs again); writing 0 stops its updates, so the OS finds kvmclock off
 * and the area free, as Linux leaves it on shutdown and kexec. */
static int read_pvclock(uint32_t msr, struct pvclock_vcpu_time_info *out)
{
	volatile struct pvclock_vcpu_time_info *a = &pvclock_area;
	unsigned reads = 0;
	uint32_t v;

	a->version = 0;
	wrmsr(msr, (uint64_t)(uintptr_t)&pvclock_area | KVM_MSR_ENABLED);
	do {
		v = a->version;
		dma_rmb();
		out->tsc_to_system_mul = a->tsc_to_system_mul;
		out->tsc_shift = a->tsc_shift;
		out->flags = a->flags;
		dma_rmb();
	} while (((v & 1) || v != a->version) && ++reads < PVCLOCK_READS);
	wrmsr(msr, 0);
	out->version = v;
	return 0;
}

static struct tsc_ops ops = {
	.cpuid = do_cpuid,
	.pvclock = read_pvclock,
	.pit = tsc_pit_measure,
	.rtc = tsc_rtc_measure,
};

static void report(void)
{
	if (!rate.hz) {
		pr_warn("tsc: frequency unknown: no source answered\n");
		return;
	}
	pr_info("tsc: %llu.%llu MHz from %s\n",
		(unsigned long long)(rate.hz / 1000000),
		(unsigned long long)(rate.hz / 100000 % 10),
		tsc_source_name(rate.src));
}

void tsc_calibrate_begin(int (*pm)(uint64_t *hz))
{
	ops.pm_timer = pm;
	if (!tsc_find_declared(&ops, &rate)) {
		report();
		return;
	}
	pending = true;
	if (!pm)
		tsc_pit_start(); /* no PIT: tsc_pit_measure says so later */
}

uint64_t tsc_hz(void)
{
	if (pending) {
		pending = false; /* once, even if nothing answers */
		tsc_find_measured(&ops, &rate);
		report();
	}
	return rate.hz;
}

uint64_t tsc_deadline_us(uint64_t us)
{
	uint64_t hz = tsc_hz(), now, ticks;

	if (!hz)
		return 0;
	now = rdtsc();
	ticks = tsc_ticks_for_us(us, hz);
	return ticks >= UINT64_MAX - now ? UINT64_MAX : now + ticks + 1;
}
