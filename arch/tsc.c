/* TSC frequency bookkeeping. */
#include "arch/cpu.h"

#include <stddef.h>

static uint64_t hz;
static uint64_t (*calibrator)(void);

void tsc_set_calibrator(uint64_t (*finish)(void))
{
	calibrator = finish;
}

uint64_t tsc_hz(void)
{
	if (!hz && calibrator) {
		uint64_t (*finish)(void) = calibrator;

		calibrator = NULL; /* once, even if it fails */
		hz = finish();
	}
	return hz;
}

uint64_t tsc_hz_from_cpuid(void)
{
	struct cpuid_regs r = cpuid(0, 0);
	uint32_t max = r.eax;

	if (max >= 0x15) { /* TSC/crystal ratio and crystal Hz (SDM CPUID) */
		r = cpuid(0x15, 0);
		if (r.eax && r.ebx && r.ecx)
			return (uint64_t)r.ecx * r.ebx / r.eax;
	}
	if (max >= 0x16) { /* processor base frequency in MHz */
		r = cpuid(0x16, 0);
		if (r.eax & 0xffff)
			return (uint64_t)(r.eax & 0xffff) * 1000000;
	}
	return 0;
}

uint64_t tsc_deadline_us(uint64_t us)
{
	uint64_t per_us = tsc_hz() / 1000000, now;

	if (!per_us)
		return 0;
	now = rdtsc();
	if (us > (UINT64_MAX - now - 1) / per_us)
		return UINT64_MAX;
	return now + us * per_us + 1;
}
